"""The postal channel: the worker renders a printable letter (PDF/A, DIN 5008 window envelope
layout) with the message, attaches it to the message and marks it "zur Post"; the Poststelle
prints and posts it. A decision is its own letter. Always on; offered when the case has a
complete postal address."""

from __future__ import annotations

import io

from django.utils.translation import gettext_lazy as _

from openvorgang.cases.incoming import IncomingFile
from openvorgang.cases.models import Case, CaseFile, CaseFileKind
from openvorgang.cases.services import case_files_store
from openvorgang.mailbox.delivery import DeliveryChannel, register
from openvorgang.mailbox.letter import (
    Letter,
    LetterError,
    has_postal_address,
    paragraphs,
    render_pdf,
)
from openvorgang.mailbox.models import Message, MessageFile
from openvorgang.mailbox.transport_state import message_failed, message_to_post
from openvorgang.outbox.models import Delivery
from openvorgang.outbox.registry import PermanentError, on_final_failure, transport
from openvorgang.outbox.services import delivery_enqueue


def _dispatch(message: Message) -> None:
    delivery_enqueue(
        transport="post", target="Brief", payload={"message_id": message.pk}, case=message.case
    )


def letter_for(message: Message) -> Letter:
    others = [f.case_file.original_name for f in message.files.select_related("case_file")]
    return Letter(
        case=message.case,
        subject=message.subject or f"Ihr Antrag {message.case.number}",
        paragraphs=paragraphs(message.text),
        date=message.created_at.date(),
        enclosures=others,
    )


@transport("post")
def print_letter(delivery: Delivery) -> int | None:
    message = Message.objects.select_related("case__tenant", "case__org_unit").get(
        pk=delivery.payload["message_id"]
    )
    kinds = set(message.files.values_list("case_file__kind", flat=True))
    if message.is_decision or CaseFileKind.LETTER in kinds:  # already a letter (or retried)
        message_to_post(message)
        return None
    try:
        pdf = render_pdf(letter_for(message))
    except LetterError as exc:
        raise PermanentError(str(exc)) from exc

    def attach(stored: list[CaseFile]) -> None:
        MessageFile.objects.bulk_create(MessageFile(message=message, case_file=f) for f in stored)

    name = f"Brief-{message.case.number}-{message.pk}.pdf"
    case_files_store(
        case=message.case,
        uploads=[IncomingFile(io.BytesIO(pdf), name)],
        kind=CaseFileKind.LETTER,
        write=attach,
    )
    message_to_post(message)
    return None


@on_final_failure("post")
def given_up(delivery: Delivery, error: str) -> None:
    message_failed(delivery.payload.get("message_id"), f"Brief nicht erstellt: {error}")


def _offered(case: Case) -> bool:
    return has_postal_address(case)


CHANNEL = register(
    DeliveryChannel(
        name="post",
        label=_("Brief per Post"),
        electronic=False,
        offered=_offered,
        enabled=lambda: True,
        dispatch=_dispatch,
    )
)
