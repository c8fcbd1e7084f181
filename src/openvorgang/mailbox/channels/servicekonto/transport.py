"""The Servicekonto mailbox channel (OZG-Cloud's ``serviceKonto.postfachAddress``: OSI in
Schleswig-Holstein, BayernID, MUK …): the message goes to the applicant's postbox in their
citizen account.

Wire format: the JSON message of the OSI-Postfach interface as OZG-Cloud uses it — POST to
``OPENVORGANG_SERVICEKONTO_POSTFACH_URL`` with ``postfachId``, ``messageId``, ``subject``,
``messageText``, ``replyOption``, ``sequencenumber`` (the case number), ``eidasLevel``,
``rechtsverbindlich`` and ``attachments`` (file name, type, base64 content); 2xx means the
postbox took it. Off unless that URL is set."""

from __future__ import annotations

import json
from typing import IO

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from openvorgang.cases.models import Case
from openvorgang.lib.spool import write_base64
from openvorgang.mailbox.channels.bundid.transport import BUNDID_TYPES
from openvorgang.mailbox.channels.postbox import post_message
from openvorgang.mailbox.delivery import DeliveryChannel, register
from openvorgang.mailbox.models import Message
from openvorgang.mailbox.transport_state import message_delivered, message_failed
from openvorgang.outbox.models import Delivery
from openvorgang.outbox.registry import (
    PermanentError,
    on_final_failure,
    transport,
)
from openvorgang.outbox.services import delivery_enqueue


def _offered(case: Case) -> bool:
    kind = case.applicant_mailbox_type.lower()
    return bool(case.applicant_mailbox_ref) and kind not in BUNDID_TYPES


def _enabled() -> bool:
    return bool(settings.OPENVORGANG_SERVICEKONTO_POSTFACH_URL)


def _dispatch(message: Message) -> None:
    delivery_enqueue(
        transport="servicekonto",
        target=message.case.applicant_mailbox_ref,
        payload={"message_id": message.pk},
        case=message.case,
        max_attempts=10,
    )


def build_request(message: Message, out: IO[bytes]) -> None:
    """Write the JSON body for ``message`` to ``out`` (attachments as base64, streamed)."""
    case = message.case
    head = {
        "messageId": f"openvorgang-{message.pk}",
        "postfachId": case.applicant_mailbox_ref,
        "mailboxType": case.applicant_mailbox_type,
        "subject": message.subject or f"Ihr Antrag {case.number}",
        "messageText": message.text,
        "isHtml": False,
        "replyOption": "POSSIBLE",
        "sequencenumber": case.number,
        "eidasLevel": "LOW",
        "rechtsverbindlich": message.is_decision,
    }
    out.write(json.dumps(head, ensure_ascii=False)[:-1].encode())
    out.write(b', "attachments": [')
    for i, item in enumerate(message.files.select_related("case_file")):
        stored = item.case_file
        meta = {"fileName": stored.original_name, "contentType": stored.media_type}
        out.write((", " if i else "").encode() + json.dumps(meta, ensure_ascii=False)[:-1].encode())
        out.write(b', "content": "')
        write_base64(out, stored.storage_name)
        out.write(b'"}')
    out.write(b"]}")


@transport("servicekonto")
def send(delivery: Delivery) -> int | None:
    message = Message.objects.select_related("case__tenant").get(pk=delivery.payload["message_id"])
    response = post_message(
        message,
        build=build_request,
        url=settings.OPENVORGANG_SERVICEKONTO_POSTFACH_URL,
        token=settings.OPENVORGANG_SERVICEKONTO_POSTFACH_TOKEN,
        content_type="application/json",
        peer="Servicekonto-Postfach",
        retry_on=(408, 429),
    )
    if response.status_code >= 400:
        raise PermanentError(
            gettext("Servicekonto-Postfach lehnt ab (%(status_code)s): %(answer)s")
            % {"status_code": response.status_code, "answer": response.text[:200]}
        )
    message_delivered(message, external_id=f"openvorgang-{message.pk}", at=timezone.now())
    return response.status_code


@on_final_failure("servicekonto")
def given_up(delivery: Delivery, error: str) -> None:
    message_failed(delivery.payload.get("message_id"), f"Servicekonto-Postfach: {error}")


CHANNEL = register(
    DeliveryChannel(
        name="servicekonto",
        label=_("Postfach im Servicekonto (OSI, BayernID …)"),
        electronic=True,
        offered=_offered,
        enabled=_enabled,
        dispatch=_dispatch,
    )
)
