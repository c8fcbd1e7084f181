"""Webhooks: the right events for each subscription, signed with HMAC-SHA256 over timestamp
and body, delivered at least once with retries, visible in the delivery log."""

from __future__ import annotations

import io
import json

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from openvorgang.cases.incoming import IncomingFile
from openvorgang.cases.models import CaseStatus
from openvorgang.cases.services import case_transition
from openvorgang.decisions.services import decision_record_external, decision_upload
from openvorgang.jobs.worker import run_until_idle
from openvorgang.mailbox.services import reply_receive
from openvorgang.outbox.models import Delivery
from openvorgang.testing.factories import make_case
from openvorgang.testing.http_peer import Answer, running_peer
from openvorgang.webhooks.feed import process_events, process_messages
from openvorgang.webhooks.models import Subscription
from openvorgang.webhooks.signing import sign, verify

SECRET = "s3cr3t-fuer-tests"


def _subscribe(world, url, events):
    return Subscription.objects.create(
        tenant=world.tenant, name="Fachverfahren", url=url, secret=SECRET, events=events
    )


def _feed():
    process_events()
    process_messages()
    run_until_idle("test")


def test_events_are_signed_and_delivered(world):
    with running_peer(lambda r: Answer(204)) as peer:
        _subscribe(
            world,
            peer.url + "/hook",
            ["case.created", "case.status_changed", "case.closed", "message.received"],
        )
        case = make_case(org_unit=world.unit, status=CaseStatus.BESCHIEDEN)
        case_transition(case=case, actor=world.caseworker, action="abschliessen")
        reply_receive(case=case, text="Danke")
        _feed()
    kinds = [r.headers["x-openvorgang-event"] for r in peer.requests]
    assert kinds == ["case.created", "case.status_changed", "case.closed", "message.received"]
    for request in peer.requests:
        assert verify(
            SECRET,
            request.headers["x-openvorgang-timestamp"],
            request.body,
            request.headers["x-openvorgang-signature"],
        )
        body = json.loads(request.body)
        assert body["case"]["number"] == case.number
        assert "Danke" not in request.body.decode()  # no content, no personal data
        assert "Schäfer" not in request.body.decode()
    closed = json.loads(peer.requests[2].body)
    assert (closed["data"]["before"], closed["data"]["after"]) == ("BESCHIEDEN", "ABGESCHLOSSEN")


def test_a_decision_says_how_it_was_issued(world):
    """Sent with a document: its hash and dispatch time; issued outside: reference and date
    (no hash a receiver would look for in vain)."""
    pdf = b"%PDF-1.7\n%%EOF\n"
    address = {
        "applicant_street": "Holstenstraße 1",
        "applicant_postal_code": "24103",
        "applicant_city": "Kiel",
    }
    with running_peer(lambda r: Answer(204)) as peer:
        _subscribe(world, peer.url + "/hook", ["decision.sent"])
        sent = make_case(org_unit=world.unit, status=CaseStatus.IN_BEARBEITUNG, **address)
        outside = make_case(org_unit=world.unit, status=CaseStatus.IN_BEARBEITUNG)
        decision_upload(
            case=sent,
            actor=world.caseworker,
            kind="approval",
            subject="",
            upload=IncomingFile(io.BytesIO(pdf), "Bescheid.pdf"),
        )
        decision_record_external(
            case=outside,
            actor=world.caseworker,
            kind="rejection",
            reference="Z-7",
            issued_on=timezone.localdate(),
        )
        _feed()
    data = {json.loads(r.body)["case"]["number"]: json.loads(r.body)["data"] for r in peer.requests}
    assert data[sent.number]["source"] == "upload"
    assert len(data[sent.number]["sha256"]) == 64
    assert data[sent.number]["dispatched_at"]
    assert data[outside.number] == {
        "before": "IN_BEARBEITUNG",
        "after": "BESCHIEDEN",
        "source": "external",
        "kind": "rejection",
        "reference": "Z-7",
        "issued_on": timezone.localdate().isoformat(),
        "bekanntgabe": None,
    }


def test_signature_rejects_tampering_and_replay():
    body = b'{"a":1}'
    now = 1_800_000_000
    good = sign(SECRET, now, body)
    assert verify(SECRET, str(now), body, good, now=now)
    assert not verify(SECRET, str(now), b'{"a":2}', good, now=now)
    assert not verify("anderes", str(now), body, good, now=now)
    assert not verify(SECRET, str(now), body, good, now=now + 301)
    assert not verify(SECRET, "kaputt", body, good, now=now)


def test_retried_until_accepted(world):
    answers = [Answer(500), Answer(429)]
    with running_peer(lambda r: answers.pop(0) if answers else Answer(200)) as peer:
        _subscribe(world, peer.url, ["case.created"])
        make_case(org_unit=world.unit)
        for _ in range(3):
            _feed()
            Delivery.objects.filter(state="queued").update(run_after=timezone.now())
    delivery = Delivery.objects.get(transport="webhook")
    assert (delivery.state, delivery.attempts, delivery.last_status_code) == ("done", 3, 200)
    ids = {r.headers["x-openvorgang-delivery"] for r in peer.requests}
    assert ids == {str(delivery.pk)}  # the same delivery id each time: receivers de-duplicate
    assert len({json.loads(r.body)["id"] for r in peer.requests}) == 1


def test_only_subscribed_kinds_of_the_own_tenant_after_subscribing(world):
    with time_machine.travel(timezone.now() - timezone.timedelta(days=1)):
        make_case(org_unit=world.unit)  # before the subscription
    _subscribe(world, "https://fv.example.org/hook", ["case.closed"])
    make_case(org_unit=world.unit)
    make_case(org_unit=world.foreign_unit)
    process_events()
    assert not Delivery.objects.filter(transport="webhook").exists()


@pytest.mark.parametrize("who", ["caseworker", "operator"])
def test_admin_screens_are_for_tenant_admins(world, who):
    client = Client()
    client.force_login(getattr(world, who))
    assert client.get("/verwaltung/webhooks/").status_code == 404


def test_admin_creates_webhook_and_sees_its_log(world):
    client = Client()
    client.force_login(world.admin)
    answer = client.post(
        "/verwaltung/webhooks/neu/",
        {
            "name": "FV",
            "url": "https://fv.example.org/hook",
            "events": ["case.created"],
            "active": "on",
        },
        follow=True,
    )
    assert "Webhook gespeichert." in answer.content.decode()
    subscription = Subscription.objects.get()
    assert len(subscription.secret) >= 32
    case = make_case(org_unit=world.unit)
    process_events()
    page = client.get(f"/verwaltung/webhooks/{subscription.pk}/").content.decode()
    assert case.number in page
    assert "case.created" in page
    foreign = Subscription.objects.create(
        tenant=world.foreign_tenant, name="x", url="https://x/", secret="x", events=[]
    )
    assert client.get(f"/verwaltung/webhooks/{foreign.pk}/").status_code == 404


@pytest.mark.django_db(transaction=True)
def test_events_committed_out_of_order_are_each_delivered_once(world):
    """A status change that took the smaller history id but committed last, and a reply
    likewise: both reach the receiver, each once (PostgreSQL)."""
    from openvorgang.testing.concurrency import commit_in_reverse

    late_case = make_case(org_unit=world.unit, status=CaseStatus.BESCHIEDEN)
    early_case = make_case(org_unit=world.unit, status=CaseStatus.BESCHIEDEN)

    def close_and_reply(case):
        case_transition(case=case, actor=world.caseworker, action="abschliessen")
        reply_receive(case=case, text="Nachtrag")

    with running_peer(lambda r: Answer(204)) as peer:
        _subscribe(world, peer.url + "/hook", ["case.closed", "message.received"])
        commit_in_reverse(
            lambda: close_and_reply(late_case), lambda: close_and_reply(early_case), _feed
        )
    received = sorted(
        (json.loads(r.body)["case"]["number"], r.headers["x-openvorgang-event"])
        for r in peer.requests
    )
    assert received == sorted(
        (c.number, kind)
        for c in (late_case, early_case)
        for kind in ("case.closed", "message.received")
    )
