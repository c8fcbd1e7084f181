"""Schemathesis fuzzes every operation of the committed OpenAPI document in-process (WSGI):
generated requests, valid and invalid, with the right kind of credentials for each
operation, and without them. No answer may be a 5xx, and every answer must match the
document (status codes, content types, bodies, headers); invalid data must be refused.

One check is left out: that every schema-valid request is accepted (positive data
acceptance). Opaque cursors, JSON metadata inside multipart bodies and xdomea receipts have
rules an OpenAPI schema cannot express, so such requests rightly get a 400 problem."""

from __future__ import annotations

from pathlib import Path

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from openvorgang.accounts.services import api_token_create
from openvorgang.accounts.tokens import hash_token
from openvorgang.intake.models import Sender
from openvorgang.records.auth import connector_token_issue
from openvorgang.records.models import Connector, Purpose
from openvorgang.testing.factories import make_case
from openvorgang.wsgi import application

DOCUMENT = Path(__file__).resolve().parents[4] / "docs" / "openapi.yaml"
SENDER_TOKEN = "fuzz-sender-token-0123456789abcdef"

schema = schemathesis.openapi.from_path(str(DOCUMENT))
schema.app = application


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """As Django's test client does: requests must not close the test's database connection."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def credentials(world, settings) -> dict[str, str]:
    # the fuzzer sends many wrong credentials on purpose; the limit is tested on its own
    settings.OPENVORGANG_INTAKE_FAILED_AUTH_PER_MINUTE = 1_000_000
    make_case(org_unit=world.unit, assignee=world.caseworker)
    _, personal = api_token_create(user=world.caseworker, name="fuzz")
    Sender.objects.create(name="Fuzz", token_hash=hash_token(SENDER_TOKEN))
    connector = Connector.objects.create(
        tenant=world.tenant,
        name="FV",
        purpose=Purpose.FACHVERFAHREN,
        kind="http",
        target="https://fv.example/",
    )
    return {
        "personalToken": f"Token {personal}",
        "senderToken": f"Bearer {SENDER_TOKEN}",
        "routingSenderToken": f"Bearer {SENDER_TOKEN}",
        "connectorToken": f"Bearer {connector_token_issue(connector)}",
    }


def _authorization(case, credentials: dict[str, str]) -> str:
    for requirement in case.operation.definition.raw.get("security") or schema.raw_schema.get(
        "security", []
    ):
        for name in requirement:
            if name in credentials:
                return credentials[name]
    return ""


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=40,
    deadline=None,
    derandomize=True,  # the same examples on every run: a failure is reproducible
    database=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)
def test_every_operation_survives_fuzzing(case, credentials):
    header = _authorization(case, credentials)
    case.call_and_validate(
        headers={"Authorization": header} if header else None,
        excluded_checks=[positive_data_acceptance],
    )
