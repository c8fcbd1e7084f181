"""What the applicant hears of their case: which status changes they get a notice of (the
tenant's setting, else OPENVORGANG_APPLICANT_STATUS_NOTICES), the history the Antragsraum
shows, and the one way an email notice is written (``email_applicant``). The status notices
are sent by ``notify.applicant_notices``."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext

from openvorgang.cases.models import Case, CaseEvent, CaseStatus, EventKind
from openvorgang.mailbox.access import access_link
from openvorgang.mailbox.models import StatusNoticeSetting
from openvorgang.outbox.services import delivery_enqueue


def email_applicant(*, case: Case, subject: str, lines: list[str]) -> None:
    """An email notice to the applicant through the outbox: ``lines``, the Antragsraum link
    and the signature; never form content. Nothing without an email address."""
    if not case.applicant_email:
        return
    body = [*lines, access_link(case=case), "", "– OpenVorgang"]
    delivery_enqueue(
        transport="email",
        target=case.applicant_email,
        payload={"subject": subject, "body": "\n".join(body)},
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
            items.append((event.at, _decision_line(event.after.get("bescheid") or {})))
        elif event.after.get("status") in CaseStatus.values:
            items.append((event.at, str(CaseStatus(event.after["status"]).label)))
    return items


def _decision_line(decision: dict[str, object]) -> str:
    """A decision sent here counts from its Bekanntgabe; one issued outside was not sent
    through this portal, and its line says so instead of an empty date."""
    if decision.get("source") == "external":
        return gettext(
            "Bescheid vom %(day)s (Zeichen %(reference)s), nicht über dieses Portal zugestellt"
        ) % {"day": decision.get("issued_on_display", ""), "reference": decision.get("reference")}
    return gettext("Bescheid versandt (Bekanntgabe am %(day)s)") % {
        "day": decision.get("bekanntgabe_display", "")
    }
