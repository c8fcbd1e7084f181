"""Sender authentication: the per-process token cache and what clears it."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from openvorgang.accounts.tokens import hash_token
from openvorgang.intake.auth import sender_for_request
from openvorgang.intake.models import Sender

TOKEN = "ov_cache-test-token-0123456789abcdef"


@pytest.fixture
def token_sender(world):
    return Sender.objects.create(name="Portal", tenant=world.tenant, token_hash=hash_token(TOKEN))


def _ask(token=TOKEN):
    return sender_for_request(
        RequestFactory().post("/antrag", HTTP_AUTHORIZATION=f"Bearer {token}")
    )


def test_a_known_token_is_looked_up_once(token_sender):
    with CaptureQueriesContext(connection) as first:
        assert _ask() == token_sender
    with CaptureQueriesContext(connection) as second:
        found = _ask()
        assert found.tenant.active  # tenant came along, no extra query
    assert (len(first), len(second)) == (1, 0)


def test_deactivating_the_sender_takes_effect_at_once_in_this_process(token_sender):
    assert _ask() == token_sender
    token_sender.active = False
    token_sender.save()
    assert _ask() is None


def test_deactivating_the_tenant_clears_the_cache(token_sender, world):
    assert _ask().tenant.active
    world.tenant.active = False
    world.tenant.save()
    assert _ask().tenant.active is False


def test_unknown_tokens_are_not_remembered(token_sender):
    assert _ask("ov_not-yet-known") is None
    # bulk_create sends no signal: only not remembering the miss lets the new sender in
    Sender.objects.bulk_create([Sender(name="Neu", token_hash=hash_token("ov_not-yet-known"))])
    assert _ask("ov_not-yet-known").name == "Neu"


def test_cache_can_be_switched_off(token_sender, settings):
    settings.OPENVORGANG_SENDER_CACHE_SECONDS = 0
    _ask()
    with CaptureQueriesContext(connection) as queries:
        assert _ask() == token_sender
    assert len(queries) == 1


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (["--token-stdin"], "zu-kurz\n", "mindestens 24 Zeichen"),
        ([], "", "braucht ein Token"),
    ],
)
def test_the_sender_command_refuses_with_a_message_not_a_traceback(world, args, stdin, message):
    import io
    from unittest import mock

    from django.core.management import CommandError, call_command

    with mock.patch("sys.stdin", io.StringIO(stdin)), pytest.raises(CommandError, match=message):
        call_command("sender", "create", "--name", "Kurz", *args, stdout=io.StringIO())
