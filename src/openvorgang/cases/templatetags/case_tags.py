"""Template helpers for case pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template
from django.utils import formats
from django.utils.translation import gettext as _

from openvorgang.cases.models import CaseEvent, CaseStatus, EventKind
from openvorgang.cases.workflow import TRANSITIONS

register = template.Library()


def _status_label(value: object) -> str:
    return str(CaseStatus(str(value)).label) if value in CaseStatus.values else str(value or "–")


@register.filter
def status_label(value: object) -> str:
    return _status_label(value)


@register.filter
def form_value(item: dict[str, Any]) -> str:
    """A form value as a German reader expects it: dates as 28.11.2026, ja/nein, – for empty."""
    value = item.get("value")
    if value is None or value == "":
        return "–"
    kind = item.get("type")
    if kind == "boolean":
        return _("ja") if value else _("nein")
    if kind == "date" and isinstance(value, str):
        try:
            return dt.date.fromisoformat(value[:10]).strftime("%d.%m.%Y")
        except ValueError:
            return value
    if kind == "number" and isinstance(value, int | float):
        return formats.number_format(value, use_l10n=True)
    return str(value)


@register.filter
def event_summary(event: CaseEvent) -> str:
    """One German sentence describing a history entry."""
    prefix = _("Rückgängig: ") if event.undoes_id else ""
    if event.kind == EventKind.CREATED:
        files = event.after.get("files") or []
        text = _("Antrag eingegangen (%(count)s Dateien)") % {"count": len(files)}
        if event.after.get("routing"):
            text += ". " + _("Zuständigkeit: %(why)s") % {"why": event.after["routing"]}
        return text
    if event.kind == EventKind.ROUTED:
        return _("Zugeordnet: %(before)s → %(after)s") % {
            "before": event.before.get("org_unit") or "–",
            "after": event.after.get("org_unit") or "–",
        }
    if event.kind == EventKind.FORWARDED:
        return _("Weitergeleitet: %(before)s → %(after)s") % {
            "before": event.before.get("org_unit") or "–",
            "after": event.after.get("org_unit") or "–",
        }
    if event.kind == EventKind.STATUS:
        transition = TRANSITIONS.get(event.action)
        label = transition.label if transition else event.action
        return prefix + _("%(label)s: %(before)s → %(after)s") % {
            "label": label,
            "before": _status_label(event.before.get("status")),
            "after": _status_label(event.after.get("status")),
        }
    if event.kind == EventKind.ASSIGNED:
        before = (event.before.get("assignee") or {}).get("name") or _("niemand")
        after = (event.after.get("assignee") or {}).get("name") or _("niemand")
        return prefix + _("Zugewiesen: %(before)s → %(after)s") % {"before": before, "after": after}
    if event.kind == EventKind.FILE_NUMBER:
        return prefix + _("Aktenzeichen: „%(before)s“ → „%(after)s“") % {
            "before": event.before.get("file_number") or "–",
            "after": event.after.get("file_number") or "–",
        }
    if event.kind == EventKind.FILE_ADDED:
        return _("Datei hinzugefügt: %(name)s") % {
            "name": (event.after.get("file") or {}).get("name")
        }
    return str(event.get_kind_display())


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    """``mapping[key]`` or None, for dictionaries in templates."""
    return mapping.get(key) if hasattr(mapping, "get") else None
