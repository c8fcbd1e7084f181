"""The DeutschlandID mailbox channel against a local Postkorb double that speaks the wire
format: it parses the BSP-Nachricht (no DTDs), checks what a Postkorb needs and answers with a
BspQuittung."""

from __future__ import annotations

import base64
import io

import pytest
from defusedxml.ElementTree import fromstring
from django.utils import timezone

from openvorgang.cases.incoming import IncomingFile
from openvorgang.jobs.worker import run_until_idle
from openvorgang.mailbox.models import Message, MessageState
from openvorgang.mailbox.services import message_send
from openvorgang.outbox.models import Delivery
from openvorgang.testing.factories import PDF_BYTES, make_case
from openvorgang.testing.http_peer import Answer, Request, running_peer

HANDLE = "0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0"


def quittung(ok: bool, text: str = "") -> Answer:
    body = (
        "<BspQuittung><AnnahmeErfolgreich>"
        + ("true" if ok else "false")
        + f"</AnnahmeErfolgreich><ErgebnisStatus><Text>{text}</Text></ErgebnisStatus>"
        "</BspQuittung>"
    )
    return Answer(200, body.encode(), "application/xml")


def postkorb(request: Request) -> Answer:
    """Accepts a well-formed BSP-Nachricht for a known handle, refuses anything else."""
    if request.headers.get("authorization") != "Bearer geheim":
        return Answer(401)
    root = fromstring(request.body, forbid_dtd=True)
    head = root.find("NachrichtenKopf")
    content = root.find("NachrichtenInhalt")
    if root.tag != "BspNachricht" or head is None or content is None:
        return quittung(False, "kein BSP-Nachricht-Dokument")
    if head.findtext("Empfaenger/Postkorb-Handle") != HANDLE:
        return quittung(False, "Postkorb unbekannt")
    if not head.findtext("Identifikation.Nachricht/NachrichtenId") or not content.findtext(
        "Betreff"
    ):
        return quittung(False, "Pflichtfeld fehlt")
    for anhang in content.findall("Anhang"):
        base64.b64decode(anhang.findtext("Daten") or "", validate=True)
    return quittung(True)


@pytest.fixture
def bundid_case(world):
    return make_case(
        org_unit=world.unit,
        applicant_mailbox_ref=HANDLE,
        applicant_mailbox_type="bundid",
        applicant_email="j@example.org",
    )


def _send(case, world, **kwargs):
    upload = IncomingFile(io.BytesIO(PDF_BYTES), "Hinweis.pdf")
    return message_send(
        case=case,
        actor=world.caseworker,
        subject="Frage",
        text="Bitte <senden>.",
        files=[upload],
        **kwargs,
    )


def test_message_goes_to_the_postkorb_with_its_file(world, bundid_case, settings):
    with running_peer(postkorb) as peer:
        settings.OPENVORGANG_BUNDID_POSTFACH_URL = peer.url + "/postkorb"
        settings.OPENVORGANG_BUNDID_POSTFACH_TOKEN = "geheim"
        message = _send(bundid_case, world)
        assert message.channel == "bundid"
        run_until_idle("test")
    message.refresh_from_db()
    assert message.state == MessageState.DELIVERED
    assert message.external_id == f"openvorgang-{message.pk}"
    root = fromstring(peer.requests[0].body)
    assert root.findtext("NachrichtenInhalt/Text") == "Bitte <senden>."
    anhang = root.find("NachrichtenInhalt/Anhang")
    assert anhang is not None
    assert anhang.findtext("Dateiname") == "Hinweis.pdf"
    assert base64.b64decode(anhang.findtext("Daten") or "") == PDF_BYTES


def test_channel_is_off_without_url_and_the_next_one_is_used(world, bundid_case, settings):
    settings.OPENVORGANG_BUNDID_POSTFACH_URL = ""
    assert _send(bundid_case, world).channel == "antragsraum"


def test_outage_is_retried_then_delivered(world, bundid_case, settings):
    answers = [Answer(503), Answer(502)]

    def flaky(request: Request) -> Answer:
        return answers.pop(0) if answers else postkorb(request)

    with running_peer(flaky) as peer:
        settings.OPENVORGANG_BUNDID_POSTFACH_URL = peer.url
        settings.OPENVORGANG_BUNDID_POSTFACH_TOKEN = "geheim"
        message = _send(bundid_case, world)
        for _ in range(3):
            run_until_idle("test")
            Delivery.objects.filter(state="queued").update(run_after=timezone.now())
    message.refresh_from_db()
    delivery = Delivery.objects.get(transport="bundid")
    assert (delivery.attempts, delivery.state) == (3, "done")
    assert message.state == MessageState.DELIVERED


def test_refusal_fails_at_once_with_the_reason(world, bundid_case, settings):
    with running_peer(lambda r: quittung(False, "Postkorb gesperrt")) as peer:
        settings.OPENVORGANG_BUNDID_POSTFACH_URL = peer.url
        settings.OPENVORGANG_BUNDID_POSTFACH_TOKEN = "geheim"
        message = _send(bundid_case, world)
        run_until_idle("test")
    message.refresh_from_db()
    assert message.state == MessageState.FAILED
    assert "Postkorb gesperrt" in message.state_reason
    assert Delivery.objects.get(transport="bundid").attempts == 1


def test_request_is_well_formed_xml_even_with_markup_in_text(world, bundid_case, settings):
    with running_peer(postkorb) as peer:
        settings.OPENVORGANG_BUNDID_POSTFACH_URL = peer.url
        settings.OPENVORGANG_BUNDID_POSTFACH_TOKEN = "geheim"
        message_send(case=bundid_case, actor=world.caseworker, text="a & b </Text><x>")
        run_until_idle("test")
    assert fromstring(peer.requests[0].body).findtext("NachrichtenInhalt/Text") == (
        "a & b </Text><x>"
    )
    assert Message.objects.get().state == MessageState.DELIVERED
