"""How the records app's entries read in a case's history (registered in ``cases.history``)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from openvorgang.cases.history import HISTORY_SUMMARIES
from openvorgang.cases.models import CaseEvent, EventKind
from openvorgang.records.models import ExportState


@HISTORY_SUMMARIES(EventKind.EXPORT)
@HISTORY_SUMMARIES(EventKind.FILED)
def export_summary(event: CaseEvent) -> str:
    data = event.after
    state = data.get("state", "")
    label = ExportState(state).label if state in ExportState.values else state
    text = _("Export an %(target)s (%(file)s): %(state)s") % {
        "target": data.get("connector") or "–",
        "file": data.get("file", ""),
        "state": label,
    }
    if data.get("reference"):
        text += ", " + _("Referenz im DMS: %(ref)s") % {"ref": data["reference"]}
    if data.get("error"):
        text += ", " + _("Fehler: %(error)s") % {"error": data["error"]}
    return text
