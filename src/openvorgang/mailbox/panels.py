"""Sections that apps above the mailbox add to the applicant's Antragsraum page (e.g. the open
Nachforderungen with an upload per document). A panel returns its template's context for a
case, or None when it has nothing to show; panels are registered by their app's
``AppConfig.ready``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from openvorgang.cases.models import Case
from openvorgang.lib.registry import Registry


@dataclass(frozen=True)
class Panel:
    template: str
    order: int
    context: Callable[[Case, str], dict[str, Any] | None]


PANELS: Registry[Panel] = Registry("Antragsraum-Bereich")


def panels_for(case: Case, secret: str) -> list[tuple[str, dict[str, Any]]]:
    """(template, context) of each panel with something to show, in their order."""
    shown = []
    for name in sorted(PANELS, key=lambda n: PANELS[n].order):
        panel = PANELS[name]
        context = panel.context(case, secret)
        if context is not None:
            shown.append((panel.template, {"case": case, "secret": secret, **context}))
    return shown
