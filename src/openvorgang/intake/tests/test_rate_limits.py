"""Anonymous machine entry points (intake, the FIT-Connect callback) answer 429 once a client
address has failed to authenticate too often — then even a valid token must wait."""

from __future__ import annotations

import json
import uuid

import pytest
from django.core.cache import cache
from django.test import Client

from openvorgang.accounts.tokens import hash_token
from openvorgang.intake.models import Sender

TOKEN = "rate-limit-sender-token-0123456789abcdef"


@pytest.fixture(autouse=True)
def small_limit(settings):
    settings.OPENVORGANG_INTAKE_FAILED_AUTH_PER_MINUTE = 3
    cache.clear()


def _submit(client, token):
    return client.post(
        "/api/v1/submissions",
        json.dumps({"serviceKeys": ["99050012104000"], "formData": []}),
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY=str(uuid.uuid4()),
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )


def test_native_api_limits_failed_tokens_per_address(world):
    Sender.objects.create(name="S", token_hash=hash_token(TOKEN))
    client = Client(REMOTE_ADDR="203.0.113.5")
    for _ in range(3):
        assert _submit(client, "falsch-" * 5).status_code == 401
    blocked = _submit(client, TOKEN)
    assert blocked.status_code == 429
    assert blocked["Content-Type"] == "application/problem+json"
    assert _submit(Client(REMOTE_ADDR="203.0.113.6"), TOKEN).status_code != 429


def test_ozg_cloud_endpoint_limits_failed_tokens(db):
    client = Client(REMOTE_ADDR="203.0.113.7")
    for _ in range(3):
        answer = client.post("/antrag", {"formData": "{}"}, HTTP_AUTHORIZATION="Bearer falsch")
        assert answer.status_code == 401
    assert client.post("/antrag", {"formData": "{}"}).status_code == 429


def test_fitconnect_callback_limits_failures(db):
    client = Client(REMOTE_ADDR="203.0.113.8")
    url = f"/fitconnect/callback/{uuid.uuid4()}"
    for _ in range(3):
        assert client.post(url, b"{}", content_type="application/json").status_code == 404
    assert client.post(url, b"{}", content_type="application/json").status_code == 429
