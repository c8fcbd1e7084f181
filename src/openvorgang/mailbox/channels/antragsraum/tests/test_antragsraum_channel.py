"""The Antragsraum channel: an email with the link only; read when the applicant opens it."""

from __future__ import annotations

from django.core import mail
from django.test import Client

from openvorgang.jobs.worker import run_until_idle
from openvorgang.mailbox.access import access_link
from openvorgang.mailbox.models import MessageState
from openvorgang.mailbox.services import message_send
from openvorgang.testing.factories import make_case


def test_sent_then_read_when_the_applicant_opens_the_page(world):
    case = make_case(org_unit=world.unit, applicant_email="j@example.org")
    message = message_send(case=case, actor=world.caseworker, text="Geheimer Inhalt")
    assert message.channel == "antragsraum"
    run_until_idle("test")
    message.refresh_from_db()
    assert message.state == MessageState.SENT
    assert message.sent_at is not None
    assert "Geheimer Inhalt" not in mail.outbox[0].body
    Client().get("/antragsraum/" + access_link(case=case).split("/antragsraum/", 1)[1])
    message.refresh_from_db()
    assert message.state == MessageState.READ
    assert message.read_at is not None
