"""Status notices to the applicant: on the status changes the installation chooses
(OPENVORGANG_APPLICANT_STATUS_NOTICES, default received, in progress, decided) the applicant gets
an email through the outbox with the new status and the Antragsraum link, never form content.
A worker job reads the case history after its cursor, so the change itself pays nothing."""

from __future__ import annotations

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext

from openvorgang.cases.models import Case, CaseEvent, CaseStatus, EventKind
from openvorgang.mailbox.models import StatusNoticeSetting
from openvorgang.mailbox.services import access_link
from openvorgang.notify import feeds
from openvorgang.outbox.services import delivery_enqueue

FEED = "applicant-status"
BATCH = 500


def _notify(case: Case, status: str) -> None:
    if not case.applicant_email:
        return
    with translation.override(settings.LANGUAGE_CODE):  # not the last request's language
        label = str(CaseStatus(status).label)
    if status == CaseStatus.NEU:
        subject = f"Ihr Antrag {case.number} ist eingegangen"
        first = f"Ihr Antrag {case.number} ist bei uns eingegangen."
    else:
        subject = f"Neuer Stand Ihres Antrags {case.number}: {label}"
        first = f"Der Stand Ihres Antrags {case.number} ist jetzt: {label}."
    body = [first, "Stand, Nachrichten und Antworten finden Sie hier:", access_link(case=case)]
    delivery_enqueue(
        transport="email",
        target=case.applicant_email,
        payload={"subject": subject, "body": "\n".join([*body, "", "– OpenVorgang"])},
        case=case,
        max_attempts=8,
    )


def statuses_for(case: Case) -> set[str]:
    """The statuses the applicant of this case hears of: the tenant's setting for the service,
    else the tenant's general one, else the installation's."""
    if case.tenant_id is not None:
        rows = dict(
            StatusNoticeSetting.objects.filter(
                tenant_id=case.tenant_id, service_key__in=[case.service_key, ""]
            ).values_list("service_key", "statuses")
        )
        for key in (case.service_key, ""):
            if key in rows:
                return set(rows[key])
    return set(settings.OPENVORGANG_APPLICANT_STATUS_NOTICES)


def process_status_feed(*, limit: int = BATCH) -> int:
    rows = CaseEvent.objects.filter(kind__in=[EventKind.CREATED, EventKind.STATUS]).select_related(
        "case"
    )
    with feeds.batch(FEED, rows, limit=limit) as events:
        for event in events:
            status = event.after.get("status", "")
            received = event.kind == EventKind.CREATED
            # NEU again after "zurückholen" is not news for the applicant
            if (received or status != CaseStatus.NEU) and status in statuses_for(event.case):
                _notify(event.case, status)
    return len(events)


def applicant_history(*, case: Case) -> list[tuple[object, str]]:
    """What the applicant sees of the history: arrival, status changes and forwarding, with
    dates; no names, comments, assignments or file numbers."""
    items: list[tuple[object, str]] = []
    for event in CaseEvent.objects.filter(
        case=case,
        kind__in=[EventKind.CREATED, EventKind.STATUS, EventKind.FORWARDED, EventKind.DECISION],
    ).order_by("id"):
        if event.kind == EventKind.CREATED:
            items.append((event.at, gettext("Antrag eingegangen")))
        elif event.kind == EventKind.FORWARDED:
            unit = event.after.get("org_unit", "")
            items.append((event.at, gettext("weitergeleitet an %(unit)s") % {"unit": unit}))
        elif event.kind == EventKind.DECISION:
            notified = (event.after.get("bescheid") or {}).get("bekanntgabe_display", "")
            items.append(
                (
                    event.at,
                    gettext("Bescheid versandt (Bekanntgabe am %(day)s)") % {"day": notified},
                )
            )
        elif event.after.get("status") in CaseStatus.values:
            items.append((event.at, str(CaseStatus(event.after["status"]).label)))
    return items
