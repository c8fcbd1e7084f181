"""The Antragsraum channel: the message waits on the applicant's status page; an email notice
carries only the link, never content. The mail goes through the outbox's ``email`` transport,
which marks the message sent; the page marks it read when the applicant opens it."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext, override
from django.utils.translation import gettext_lazy as _

from openvorgang.cases.models import Case
from openvorgang.mailbox.access import access_link
from openvorgang.mailbox.delivery import DeliveryChannel, register
from openvorgang.mailbox.models import Message
from openvorgang.outbox.services import delivery_enqueue


def _offered(case: Case) -> bool:
    return bool(case.applicant_email)


def _dispatch(message: Message) -> None:
    """The notice in the installation's language (``LANGUAGE_CODE``), never in the language
    of the caseworker whose request sends it."""
    case = message.case
    with override(settings.LANGUAGE_CODE):
        what = gettext("ein Bescheid") if message.is_decision else gettext("eine neue Nachricht")
        subject = gettext("Neue Nachricht zu Ihrem Antrag %(number)s") % {"number": case.number}
        lines = [
            gettext("Zu Ihrem Antrag %(number)s liegt %(what)s für Sie bereit.")
            % {"number": case.number, "what": what},
            gettext("Sie können sie hier lesen und beantworten:"),
            access_link(case=case),
            "",
            "– OpenVorgang",
        ]
    delivery_enqueue(
        transport="email",
        target=case.applicant_email,
        payload={"subject": subject, "body": "\n".join(lines), "message_id": message.pk},
        case=case,
        max_attempts=8,
    )


CHANNEL = register(
    DeliveryChannel(
        name="antragsraum",
        label=_("Antragsraum mit E-Mail-Hinweis"),  # lazy: in the language of each page
        electronic=True,
        offered=_offered,
        enabled=lambda: True,
        dispatch=_dispatch,
    )
)
