from __future__ import annotations

import io
import json
import uuid
from unittest import mock

import pytest
from django.core.management import call_command
from jwcrypto.jwk import JWK

from openvorgang.intake.channels.fitconnect.models import Destination
from openvorgang.intake.channels.fitconnect.tests.fake_submission_api import FakeSubmissionApi

CALLBACK_SECRET = "callback-secret-0123456789"


@pytest.fixture(scope="session")
def keys():
    return {
        "encryption": JWK.generate(kty="RSA", size=2048, kid="enc-1", use="enc"),
        "signing": JWK.generate(kty="RSA", size=2048, kid="sig-1", use="sig"),
    }


@pytest.fixture
def fake(keys):
    api = FakeSubmissionApi(
        destination_id=str(uuid.uuid4()),
        client_id="openvorgang-subscriber",
        client_secret="client-secret-xyz",
        encryption_key=JWK.from_json(keys["encryption"].export_public()),
        verification_key=JWK.from_json(keys["signing"].export_public()),
    ).start()
    yield api
    api.stop()


def add_destination(fake, keys, tmp_path, tenant, *extra):
    enc = tmp_path / "enc.jwk.json"
    sig = tmp_path / "sig.jwk.json"
    enc.write_text(keys["encryption"].export_private())
    sig.write_text(keys["signing"].export_private())
    out = io.StringIO()
    stdin = io.StringIO(f"{fake.client_secret}\n{CALLBACK_SECRET}\n")
    with mock.patch("sys.stdin", stdin):
        call_command(
            "fitconnect",
            "add-destination",
            "--destination-id",
            fake.destination_id,
            "--name",
            "Gewerbe Musterhausen",
            "--tenant",
            tenant.slug,
            "--submission-api",
            fake.url,
            "--token-url",
            f"{fake.url}/token",
            "--client-id",
            fake.client_id,
            "--client-secret-stdin",
            "--decryption-key",
            str(enc),
            "--signing-key",
            str(sig),
            *extra,
            stdout=out,
        )
    return json.loads(out.getvalue())


@pytest.fixture
def destination(world, fake, keys, tmp_path):
    add_destination(fake, keys, tmp_path, world.tenant, "--org-unit", world.unit.oe_id)
    return Destination.objects.get(destination_id=fake.destination_id)
