"""What channels report back about a message: sent, delivered, read, failed. Later states
never go back to earlier ones (a late "sent" does not undo "delivered")."""

from __future__ import annotations

import datetime as dt
import uuid

from django.utils import timezone

from openvorgang.mailbox.models import Message, MessageState

_BEFORE_SENT = (MessageState.QUEUED, MessageState.FAILED)
_BEFORE_DELIVERED = (*_BEFORE_SENT, MessageState.SENT)


def message_sent(message_id: int | None) -> None:
    if message_id:
        Message.objects.filter(pk=message_id, state__in=_BEFORE_SENT).update(
            state=MessageState.SENT, state_reason="", sent_at=timezone.now()
        )


def message_delivered(message: Message, *, external_id: str, at: dt.datetime) -> None:
    Message.objects.filter(pk=message.pk, state__in=_BEFORE_DELIVERED).update(
        state=MessageState.DELIVERED,
        state_reason="",
        sent_at=message.sent_at or at,
        delivered_at=at,
        external_id=external_id[:200],
    )


def message_to_post(message: Message) -> None:
    Message.objects.filter(pk=message.pk, state__in=_BEFORE_SENT).update(
        state=MessageState.TO_POST, state_reason="", sent_at=timezone.now()
    )


def message_failed(message_id: int | None, reason: str) -> None:
    if message_id:
        Message.objects.filter(pk=message_id, state=MessageState.QUEUED).update(
            state=MessageState.FAILED, state_reason=reason[:500]
        )


def messages_read_by_applicant(*, case_id: uuid.UUID) -> int:
    """The applicant opened the Antragsraum: the messages shown there are read."""
    return Message.objects.filter(
        case_id=case_id,
        direction="out",
        read_at__isnull=True,
        state__in=(MessageState.SENT, MessageState.DELIVERED),
        channel="antragsraum",
    ).update(state=MessageState.READ, read_at=timezone.now())
