"""The case as JSON for a specialist system: the handover document and the pull API's detail.
Files are listed with their hash and the URL to fetch them (streamed) with the system's token."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from openvorgang.cases.models import Case, CaseEvent, CaseFile
from openvorgang.decisions.models import Decision


def case_document(case: Case) -> dict[str, Any]:
    return {
        "id": str(case.pk),
        "number": case.number,
        "tenant": case.tenant.slug if case.tenant else None,
        "orgUnitId": case.org_unit.oe_id if case.org_unit else None,
        "serviceKey": case.service_key,
        "serviceName": case.service_name,
        "leikaKeys": case.leika_keys,
        "formId": case.form_id,
        "formName": case.form_name,
        "channel": case.channel,
        "receivedAt": case.received_at.isoformat(),
        "regionKey": case.region_key,
        "status": case.status,
        "statusSince": case.status_since.isoformat(),
        "fileNumber": case.file_number,
        "applicant": {
            "name": case.applicant_name,
            "street": case.applicant_street,
            "postalCode": case.applicant_postal_code,
            "city": case.applicant_city,
            "email": case.applicant_email,
            "phone": case.applicant_phone,
            "mailboxType": case.applicant_mailbox_type,
            "mailboxId": case.applicant_mailbox_ref,
            "trustLevel": case.applicant_trust_level,
            "consentDigitalDecision": case.decision_consent,
        },
        "formData": case.form_data,
        "files": [
            {
                "id": str(f.pk),
                "kind": f.kind,
                "name": f.original_name,
                "mediaType": f.media_type,
                "size": f.size,
                "sha256": f.sha256,
                # infected files are listed (the record is complete) but never served
                "scanStatus": f.scan_status,
                "href": reverse("records-api:file", args=[case.pk, f.pk]),
            }
            for f in CaseFile.objects.filter(case=case).order_by("kind", "position", "created_at")
        ],
        "decisions": [
            {
                "kind": d.kind,
                "source": d.source,
                "subject": d.subject,
                "fileId": str(d.document_id) if d.document_id else None,
                "sha256": d.sha256,
                "dispatchedAt": d.dispatched_at.isoformat() if d.dispatched_at else None,
                "bekanntgabe": d.bekanntgabe.isoformat() if d.bekanntgabe else None,
                "channel": d.channel,
                "reference": d.reference,
                "issuedOn": d.issued_on.isoformat() if d.issued_on else None,
            }
            for d in Decision.objects.filter(case=case)
        ],
        "history": [
            {
                "at": e.at.isoformat(),
                "kind": e.kind,
                "action": e.action,
                "actor": e.actor_name,
                "before": e.before,
                "after": e.after,
                "reason": e.reason,
            }
            for e in CaseEvent.objects.filter(case=case).order_by("id")
        ],
    }
