"""The ``email`` transport of the outbox: one plain-text mail per delivery (number and link,
never form content)."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils.translation import gettext

from openvorgang.mailbox.transport_state import message_failed, message_sent
from openvorgang.outbox.models import Delivery
from openvorgang.outbox.registry import TransportError, on_final_failure, transport


@transport("email")
def send_email(delivery: Delivery) -> int | None:
    payload = delivery.payload
    message = EmailMessage(
        subject=payload["subject"],
        body=payload["body"],
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[delivery.target],
    )
    try:
        message.send(fail_silently=False)
    except OSError as exc:  # SMTP down, refused, timed out: retried by the outbox
        raise TransportError(gettext("E-Mail nicht versandt: %(exc)s") % {"exc": exc}) from exc
    if payload.get("message_id"):  # the notice of a mailbox message: the message is out
        message_sent(payload["message_id"])
    return None


@on_final_failure("email")
def email_given_up(delivery: Delivery, error: str) -> None:
    """The notice of a mailbox message could not be sent at all: the message shows it."""

    message_failed(delivery.payload.get("message_id"), f"E-Mail-Hinweis nicht zustellbar: {error}")
