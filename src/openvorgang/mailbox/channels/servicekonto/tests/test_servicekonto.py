"""The Servicekonto (OSI/BayernID) mailbox channel against a local postbox double that checks
each request against the message schema of the interface."""

from __future__ import annotations

import base64
import io
import json

import jsonschema
import pytest
from django.utils import timezone

from openvorgang.cases.incoming import IncomingFile
from openvorgang.jobs.worker import run_until_idle
from openvorgang.mailbox.models import MessageState
from openvorgang.mailbox.services import message_send
from openvorgang.outbox.models import Delivery
from openvorgang.testing.factories import PDF_BYTES, make_case
from openvorgang.testing.http_peer import Answer, Request, running_peer

SCHEMA = {
    "type": "object",
    "required": [
        "messageId",
        "postfachId",
        "subject",
        "messageText",
        "replyOption",
        "sequencenumber",
        "eidasLevel",
        "rechtsverbindlich",
        "isHtml",
        "attachments",
    ],
    "properties": {
        "postfachId": {"type": "string", "minLength": 1},
        "replyOption": {"enum": ["POSSIBLE", "MANDATORY", "FORBIDDEN"]},
        "eidasLevel": {"enum": ["LOW", "SUBSTANTIAL", "HIGH"]},
        "rechtsverbindlich": {"type": "boolean"},
        "isHtml": {"const": False},
        "attachments": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["fileName", "contentType", "content"],
                "properties": {"content": {"type": "string", "contentEncoding": "base64"}},
            },
        },
    },
}


def postfach(request: Request) -> Answer:
    if request.headers.get("authorization") != "Bearer osi-token":
        return Answer(401, b'{"error": "unauthorized"}')
    try:
        body = json.loads(request.body)
        jsonschema.validate(body, SCHEMA)
    except (ValueError, jsonschema.ValidationError) as exc:
        return Answer(400, json.dumps({"error": str(exc)[:100]}).encode())
    if body["postfachId"] != "osi-4711":
        return Answer(404, b'{"error": "postfach unknown"}')
    return Answer(200, json.dumps({"messageId": body["messageId"]}).encode())


@pytest.fixture
def osi_case(world):
    return make_case(
        org_unit=world.unit, applicant_mailbox_ref="osi-4711", applicant_mailbox_type="OSI"
    )


@pytest.fixture
def osi(settings):
    with running_peer(postfach) as peer:
        settings.OPENVORGANG_SERVICEKONTO_POSTFACH_URL = peer.url + "/messages"
        settings.OPENVORGANG_SERVICEKONTO_POSTFACH_TOKEN = "osi-token"
        yield peer


def test_message_with_file_reaches_the_postbox(world, osi_case, osi):
    upload = IncomingFile(io.BytesIO(PDF_BYTES), "Liste.pdf")
    message = message_send(
        case=osi_case, actor=world.caseworker, text="Bitte „Nachweis“ senden.", files=[upload]
    )
    assert message.channel == "servicekonto"
    run_until_idle("test")
    message.refresh_from_db()
    assert message.state == MessageState.DELIVERED
    sent = json.loads(osi.requests[0].body)
    assert sent["messageText"] == "Bitte „Nachweis“ senden."
    assert sent["sequencenumber"] == osi_case.number
    assert base64.b64decode(sent["attachments"][0]["content"]) == PDF_BYTES


def test_unknown_postbox_fails_with_reason(world, osi):
    case = make_case(
        org_unit=world.unit, applicant_mailbox_ref="osi-0000", applicant_mailbox_type="OSI"
    )
    message = message_send(case=case, actor=world.caseworker, text="Frage")
    run_until_idle("test")
    message.refresh_from_db()
    assert message.state == MessageState.FAILED
    assert "404" in message.state_reason


def test_unreachable_postbox_stays_queued_with_error(world, osi_case, settings):
    settings.OPENVORGANG_SERVICEKONTO_POSTFACH_URL = "http://127.0.0.1:9/messages"
    message = message_send(case=osi_case, actor=world.caseworker, text="Frage")
    run_until_idle("test")
    delivery = Delivery.objects.get(transport="servicekonto")
    assert delivery.state == "queued"
    assert delivery.run_after > timezone.now()
    assert "nicht erreichbar" in delivery.last_error
    message.refresh_from_db()
    assert message.state == MessageState.QUEUED
