"""The case history as a PDF/A document (part of every export)."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import override

from openvorgang.cases.models import Case, CaseEvent, CaseFile, CaseStatus
from openvorgang.cases.templatetags.case_tags import event_summary
from openvorgang.mailbox.letter import FONT_URIS, html_to_pdfa


def protocol_pdf(case: Case) -> bytes:
    with override("de"):
        events = [
            {"at": e.at, "actor": e.actor_name, "text": event_summary(e), "reason": e.reason}
            for e in CaseEvent.objects.filter(case=case).order_by("id")
        ]
        html = render_to_string(
            "records/protocol.html",
            {
                "case": case,
                "tenant_name": case.tenant.name if case.tenant else "",
                "org_unit": case.org_unit.name if case.org_unit else "",
                "status": CaseStatus(case.status).label,
                "events": events,
                "files": CaseFile.objects.filter(case=case).order_by("kind", "position"),
                "now": timezone.now(),
                **FONT_URIS,
            },
        )
    return html_to_pdfa(html)
