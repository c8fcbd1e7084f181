"""How Nachforderungen read in a case's history (registered in ``cases.history``)."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from openvorgang.cases.history import HISTORY_SUMMARIES
from openvorgang.cases.models import CaseEvent, EventKind


@HISTORY_SUMMARIES(EventKind.DOCUMENT_REQUEST)
def request_summary(event: CaseEvent) -> str:
    data = event.after
    if event.action == "nachgefordert":
        try:
            day = dt.date.fromisoformat(str(data.get("reply_by"))).strftime("%d.%m.%Y")
        except ValueError:
            day = "–"
        return _("Unterlagen nachgefordert, Antwort bis %(day)s: %(items)s") % {
            "day": day,
            "items": "; ".join(data.get("items") or []),
        }
    answered = "; ".join(data.get("answered") or []) or "–"
    if event.action == "teilweise_beantwortet":
        return _("Nachforderung teilweise beantwortet (%(items)s); es fehlen noch %(n)s") % {
            "items": answered,
            "n": data.get("missing", "?"),
        }
    return _("Nachforderung beantwortet: %(items)s") % {"items": answered}
