"""The DeutschlandID (BundID) mailbox channel: the message goes to the applicant's Postkorb,
addressed by the handle the online service sent (FIT-Connect metadata 2.x
``replyChannel.idBundDeMailbox.mailboxUuid``).

Wire format: a BSP-Nachricht (version 1.5, the format of the BayernID/BundID Postkorb interface)
posted over HTTPS to ``OPENVORGANG_BUNDID_POSTFACH_URL``; the answer is a BspQuittung whose
``AnnahmeErfolgreich`` tells whether the Postkorb took it. Off unless that URL is set."""

from __future__ import annotations

from typing import IO
from xml.sax.saxutils import escape  # nosec B406 - escaping for writing XML, no parsing

import httpx
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from openvorgang.cases.models import Case
from openvorgang.lib.spool import write_base64
from openvorgang.lib.xmlsafe import parse_xml
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

BUNDID_TYPES = {"bundid", "deutschlandid", "idbunddemailbox"}


def _offered(case: Case) -> bool:
    return case.applicant_mailbox_type.lower() in BUNDID_TYPES and bool(case.applicant_mailbox_ref)


def _enabled() -> bool:
    return bool(settings.OPENVORGANG_BUNDID_POSTFACH_URL)


def _dispatch(message: Message) -> None:
    delivery_enqueue(
        transport="bundid",
        target=message.case.applicant_mailbox_ref,
        payload={"message_id": message.pk},
        case=message.case,
        max_attempts=10,
    )


def _element(out: IO[bytes], name: str, text: str) -> None:
    out.write(f"<{name}>{escape(text)}</{name}>".encode())


def build_request(message: Message, out: IO[bytes]) -> None:
    """Write the BSP-Nachricht for ``message`` to ``out`` (attachments as base64, streamed)."""
    case = message.case
    out.write(b'<?xml version="1.0" encoding="UTF-8"?>\n<BspNachricht version="1.5">')
    out.write(b"<NachrichtenKopf><Identifikation.Nachricht>")
    _element(out, "Ersteller", "OpenVorgang")
    _element(out, "NachrichtenId", f"openvorgang-{message.pk}")
    _element(out, "Erstellungszeitpunkt", message.created_at.isoformat())
    out.write(b"</Identifikation.Nachricht><Absender>")
    _element(out, "Dienst", case.service_name or case.form_name or "OpenVorgang")
    _element(out, "Mandant", case.tenant.name if case.tenant else "")
    _element(out, "Aktenzeichen", case.file_number or case.number)
    out.write(b"</Absender><Empfaenger>")
    _element(out, "Postkorb-Handle", case.applicant_mailbox_ref)
    out.write(b"</Empfaenger></NachrichtenKopf><NachrichtenInhalt>")
    _element(out, "Betreff", message.subject or f"Ihr Antrag {case.number}")
    _element(out, "StorkQaaLevel", "STORK-QAA-Level-1")
    _element(out, "Text", message.text)
    for item in message.files.select_related("case_file"):
        stored = item.case_file
        out.write(b"<Anhang>")
        _element(out, "Dateiname", stored.original_name)
        _element(out, "MimeType", stored.media_type)
        out.write(b"<Daten>")
        write_base64(out, stored.storage_name)
        out.write(b"</Daten></Anhang>")
    out.write(b"</NachrichtenInhalt></BspNachricht>")


@transport("bundid")
def send(delivery: Delivery) -> int | None:
    message = Message.objects.select_related("case__tenant").get(pk=delivery.payload["message_id"])
    response = post_message(
        message,
        build=build_request,
        url=settings.OPENVORGANG_BUNDID_POSTFACH_URL,
        token=settings.OPENVORGANG_BUNDID_POSTFACH_TOKEN,
        content_type="application/xml; charset=utf-8",
        peer="DeutschlandID-Postfach",
        retry_on=(429,),
    )
    receipt = _receipt(response)
    if response.status_code >= 400 or receipt is None or not receipt[0]:
        reason = receipt[1] if receipt else response.text[:200]
        raise PermanentError(
            gettext("DeutschlandID-Postfach lehnt ab (%(status_code)s): %(reason)s")
            % {"status_code": response.status_code, "reason": reason}
        )
    message_delivered(message, external_id=f"openvorgang-{message.pk}", at=timezone.now())
    return response.status_code


def _receipt(response: httpx.Response) -> tuple[bool, str] | None:
    """(AnnahmeErfolgreich, reason) from a BspQuittung, None if the answer is not one."""
    try:
        root = parse_xml(response.content)
    except ValueError:
        return None
    if root.tag != "BspQuittung":
        return None
    accepted = (root.findtext("AnnahmeErfolgreich") or "").strip() == "true"
    reason = (root.findtext("ErgebnisStatus/Text") or "").strip()
    return accepted, reason


@on_final_failure("bundid")
def given_up(delivery: Delivery, error: str) -> None:
    message_failed(delivery.payload.get("message_id"), f"DeutschlandID-Postfach: {error}")


CHANNEL = register(
    DeliveryChannel(
        name="bundid",
        label=_("Postfach der DeutschlandID (BundID)"),
        electronic=True,
        offered=_offered,
        enabled=_enabled,
        dispatch=_dispatch,
    )
)
