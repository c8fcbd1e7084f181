"""Status notices to the applicant: on the status changes the tenant or the installation
chooses (``mailbox.notices.statuses_for``) the applicant gets an email through the outbox with
the new status and the Antragsraum link, never form content. A worker job reads the case
history after its cursor, so the change itself pays nothing. The mail is written in the
installation's language (LANGUAGE_CODE), not in the language of whoever caused the change."""

from __future__ import annotations

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from openvorgang.cases.models import Case, CaseEvent, CaseStatus, EventKind
from openvorgang.mailbox.notices import email_applicant, statuses_for
from openvorgang.notify import feeds

FEED = "applicant-status"
BATCH = 500


def _notify(case: Case, status: str) -> None:
    with translation.override(settings.LANGUAGE_CODE):  # not the last request's language
        label = str(CaseStatus(status).label)
        if status == CaseStatus.NEU:
            subject = _("Ihr Antrag %(number)s ist eingegangen") % {"number": case.number}
            first = _("Ihr Antrag %(number)s ist bei uns eingegangen.") % {"number": case.number}
        else:
            values = {"number": case.number, "status": label}
            subject = _("Neuer Stand Ihres Antrags %(number)s: %(status)s") % values
            first = _("Der Stand Ihres Antrags %(number)s ist jetzt: %(status)s.") % values
        where = _("Stand, Nachrichten und Antworten finden Sie hier:")
    email_applicant(case=case, subject=subject, lines=[first, where])


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
