"""Tenant admins cannot make the platform call into its own network: webhook and connector
URLs to internal addresses are refused when saved and when sent, and the connection goes to
the very address that was checked."""

from __future__ import annotations

import socket

import pytest
from django.test import Client

from openvorgang.jobs.worker import run_until_idle
from openvorgang.lib import egress
from openvorgang.outbox.models import Delivery
from openvorgang.testing.factories import make_case
from openvorgang.testing.http_peer import Answer, running_peer
from openvorgang.webhooks.feed import process_events
from openvorgang.webhooks.models import Subscription


@pytest.fixture
def no_internal(settings):
    settings.OPENVORGANG_EGRESS_ALLOW = []


def _save_webhook(world, url):
    client = Client()
    client.force_login(world.admin)
    return client.post(
        "/verwaltung/webhooks/neu/",
        {"name": "FV", "url": url, "events": ["case.created"], "active": "on"},
    )


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8000/hook",
        "http://localhost/hook",
        "http://[::1]/hook",
        "http://169.254.169.254/latest/meta-data/",
        "http://10.0.0.5/hook",
        "http://192.168.1.1/hook",
        "http://[::ffff:127.0.0.1]/hook",
        "http://0.0.0.0/hook",
    ],
)
def test_internal_webhook_urls_are_refused_when_saved(world, no_internal, url):
    response = _save_webhook(world, url)
    assert response.status_code == 200
    assert "internen Netz" in response.content.decode()
    assert not Subscription.objects.exists()


def test_a_stored_internal_url_is_never_called(world, no_internal):
    """A subscription that got in anyway (an older row, a changed rule): the delivery fails
    at once and the internal service never sees a request."""
    with running_peer(lambda r: Answer(200)) as peer:
        Subscription.objects.create(
            tenant=world.tenant,
            name="x",
            url=peer.url + "/hook",
            secret="s",
            events=["case.created"],
        )
        make_case(org_unit=world.unit)
        process_events()
        run_until_idle("test")
    assert peer.requests == []
    delivery = Delivery.objects.get(transport="webhook")
    assert (delivery.state, delivery.attempts) == ("failed", 1)
    assert "nicht erlaubt" in delivery.last_error


def test_the_operator_allows_an_internal_network(world, settings):
    settings.OPENVORGANG_EGRESS_ALLOW = ["127.0.0.0/8"]
    with running_peer(lambda r: Answer(204)) as peer:
        assert _save_webhook(world, peer.url + "/hook").status_code == 302
        make_case(org_unit=world.unit)
        process_events()
        run_until_idle("test")
    assert len(peer.requests) == 1


def test_the_connection_goes_to_the_address_that_was_checked(world, settings, monkeypatch):
    """DNS that answers an allowed address first and an internal one next (rebinding): the
    connection resolves once, checks that answer and connects to exactly it."""
    settings.OPENVORGANG_EGRESS_ALLOW = ["127.0.0.2/32"]
    answers = ["127.0.0.2", "127.0.0.1"]
    real = socket.getaddrinfo

    def rebinding(host, port, *args, **kwargs):
        if host != "fv.test":
            return real(host, port, *args, **kwargs)
        address = answers.pop(0) if answers else "127.0.0.1"
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))]

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    with (
        running_peer(lambda r: Answer(200), host="127.0.0.2") as allowed,
        running_peer(lambda r: Answer(200)) as internal,
    ):
        url = f"http://fv.test:{allowed.port}/hook"
        with egress.client(timeout=5) as http:
            assert http.post(url, content=b"1").status_code == 200  # resolved: 127.0.0.2
            with pytest.raises(Exception, match="internen Netz"):
                http.post(f"http://fv.test:{internal.port}/hook", content=b"2")  # 127.0.0.1
    assert len(allowed.requests) == 1
    assert internal.requests == []
