"""The transactional outbox: written with the change, delivered with retries, visible."""

from __future__ import annotations

import datetime as dt
import io
import json
import time

import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from openvorgang.jobs.models import WorkState
from openvorgang.jobs.worker import run_until_idle
from openvorgang.outbox.models import Delivery
from openvorgang.outbox.registry import PermanentError, TransportError, transport
from openvorgang.outbox.services import delivery_enqueue

SENT: list[dict] = []
PEER = {"answer": 202}


@transport("test.peer")
def send(delivery: Delivery) -> int:
    status = PEER["answer"]
    if status == 503:
        raise TransportError("Dienst nicht verfügbar", status_code=503)
    if status == 400:
        raise PermanentError("Nachricht abgelehnt")
    SENT.append(delivery.payload)
    return status


@pytest.fixture(autouse=True)
def _peer():
    SENT.clear()
    PEER["answer"] = 202


@pytest.mark.django_db
def test_delivery_is_sent_and_marked_delivered():
    delivery = delivery_enqueue(
        transport="test.peer", target="https://dms.example", payload={"a": 1}
    )
    run_until_idle("w1")
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts, delivery.last_status_code) == (
        WorkState.DONE,
        1,
        202,
    )
    assert SENT == [{"a": 1}]


@pytest.mark.django_db
def test_delivery_written_in_a_rolled_back_transaction_does_not_exist():
    def change_that_fails():
        with transaction.atomic():
            delivery_enqueue(transport="test.peer", target="x", payload={"a": 2})
            raise RuntimeError("the change failed")

    with pytest.raises(RuntimeError):
        change_that_fails()
    run_until_idle("w1")
    assert not Delivery.objects.exists()
    assert SENT == []


@pytest.mark.django_db
def test_unavailable_peer_is_retried_and_the_attempts_are_visible():
    PEER["answer"] = 503
    delivery = delivery_enqueue(transport="test.peer", target="x", payload={"a": 3})
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        run_until_idle("w1")
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts, delivery.last_status_code) == (
        WorkState.QUEUED,
        1,
        503,
    )
    assert "nicht verfügbar" in delivery.last_error
    PEER["answer"] = 202
    with time_machine.travel(start + dt.timedelta(minutes=5), tick=False):
        run_until_idle("w1")
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts) == (WorkState.DONE, 2)
    assert SENT == [{"a": 3}]


@pytest.mark.django_db
def test_rejected_delivery_fails_and_can_be_retried_by_command():
    PEER["answer"] = 400
    delivery = delivery_enqueue(transport="test.peer", target="x", payload={"a": 4})
    run_until_idle("w1")
    delivery.refresh_from_db()
    assert delivery.state == WorkState.FAILED
    out = io.StringIO()
    call_command("outbox", "list", "--state", "failed", stdout=out)
    listed = json.loads(out.getvalue())["deliveries"]
    assert [d["id"] for d in listed] == [str(delivery.pk)]
    assert listed[0]["last_error"] == "Nachricht abgelehnt"
    PEER["answer"] = 202
    call_command("outbox", "retry", str(delivery.pk), stdout=io.StringIO())
    run_until_idle("w1")
    delivery.refresh_from_db()
    assert delivery.state == WorkState.DONE
    assert SENT == [{"a": 4}]


@pytest.mark.django_db
def test_unknown_transport_is_refused():
    with pytest.raises(ValueError, match="Unknown transport"):
        delivery_enqueue(transport="nope", target="x", payload={})


@transport("test.slow_peer")
def send_slowly(delivery: Delivery) -> int:
    time.sleep(5)
    SENT.append(delivery.payload)
    return 200


@pytest.mark.django_db(transaction=True)
def test_a_slow_delivery_is_not_sent_twice(settings):
    """A peer slower than the lease: the heartbeat keeps the claim, so the second worker
    never takes the delivery over and the peer receives it once."""
    from openvorgang.outbox.dispatch import deliver_next
    from openvorgang.testing.concurrency import claims_while

    settings.OPENVORGANG_JOB_LEASE_SECONDS = 2
    delivery = delivery_enqueue(transport="test.slow_peer", target="https://x", payload={"b": 2})
    sent, second = claims_while(Delivery, lambda: deliver_next("first"), seconds=6)
    assert sent
    delivery.refresh_from_db()
    assert second == []
    assert (delivery.state, delivery.attempts) == (WorkState.DONE, 1)
    assert SENT == [{"b": 2}]
