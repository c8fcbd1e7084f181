"""The Antragsraum's section of open Nachforderungen (registered in ``mailbox.panels``)."""

from __future__ import annotations

from typing import Any

from openvorgang.cases.models import Case
from openvorgang.document_requests.selectors import open_requests
from openvorgang.mailbox.panels import PANELS, Panel


def _open(case: Case, secret: str) -> dict[str, Any] | None:
    requests = open_requests(case=case)
    return {"requests": requests} if requests else None


PANELS.add(
    "nachforderungen",
    Panel(template="document_requests/_antragsraum.html", order=10, context=_open),
)
