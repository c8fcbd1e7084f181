"""The Antragsraum channel: the message waits on the applicant's status page; an email notice
carries only the link, never content. The mail goes through the outbox's ``email`` transport,
which marks the message sent; the page marks it read when the applicant opens it."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from openvorgang.cases.models import Case
from openvorgang.mailbox.channels import DeliveryChannel, register
from openvorgang.mailbox.models import Message
from openvorgang.outbox.services import delivery_enqueue


def _offered(case: Case) -> bool:
    return bool(case.applicant_email)


def _dispatch(message: Message) -> None:
    from openvorgang.mailbox.services import access_link

    case = message.case
    what = "ein Bescheid" if message.is_decision else "eine neue Nachricht"
    delivery_enqueue(
        transport="email",
        target=case.applicant_email,
        payload={
            "subject": f"Neue Nachricht zu Ihrem Antrag {case.number}",
            "body": "\n".join(
                [
                    f"Zu Ihrem Antrag {case.number} liegt {what} für Sie bereit.",
                    "Sie können sie hier lesen und beantworten:",
                    access_link(case=case),
                    "",
                    "– OpenVorgang",
                ]
            ),
            "message_id": message.pk,
        },
        case=case,
        max_attempts=8,
    )


CHANNEL = register(
    DeliveryChannel(
        name="antragsraum",
        label=str(_("Antragsraum mit E-Mail-Hinweis")),
        electronic=True,
        offered=_offered,
        enabled=lambda: True,
        dispatch=_dispatch,
    )
)
