"""How the deadline's entries read in a case's history (registered in ``cases.history``)."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from openvorgang.cases.history import HISTORY_SUMMARIES
from openvorgang.cases.models import CaseEvent, EventKind


def _day(raw: object) -> str:
    try:
        return dt.date.fromisoformat(str(raw)).strftime("%d.%m.%Y")
    except ValueError:
        return "–"


@HISTORY_SUMMARIES(EventKind.DEADLINE)
def deadline_summary(event: CaseEvent) -> str:
    due = _day(event.after.get("due_on"))
    texts = {
        "vollstaendig": _("Unterlagen vollständig; die Bearbeitungsfrist endet am %(due)s"),
        "gehemmt": _("Bearbeitungsfrist gehemmt"),
        "fortgesetzt": _("Bearbeitungsfrist läuft wieder; sie endet am %(due)s"),
        "verlaengert": _("Bearbeitungsfrist verlängert bis %(due)s"),
        "fiktion": _("Genehmigungsfiktion eingetreten am %(fiction)s"),
    }
    text = texts.get(event.action, _("Bearbeitungsfrist"))
    return text % {"due": due, "fiction": _day(event.after.get("fiction_on"))}
