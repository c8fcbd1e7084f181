"""Prometheus metrics and structured logs."""

from __future__ import annotations

import json
import logging

from django.test import Client
from django.utils import timezone

from openvorgang.jobs.models import Job
from openvorgang.ops import context
from openvorgang.ops.logs import ContextFilter, JsonFormatter, mask
from openvorgang.outbox.models import Delivery


def _metrics(**headers):
    return Client(**headers).get("/metrics")


def test_metrics_show_requests_queue_and_outbox(db):
    Client().get("/healthz")
    Job.objects.create(name="x", run_after=timezone.now() - timezone.timedelta(seconds=120))
    Delivery.objects.create(transport="email", target="x", state="failed")
    text = _metrics().content.decode()
    assert 'openvorgang_http_requests_total{method="GET",route="/healthz",status="2xx"}' in text
    assert 'openvorgang_queue_depth{queue="jobs",state="queued"} 1.0' in text
    assert 'openvorgang_queue_depth{queue="outbox",state="failed"} 1.0' in text
    age = next(
        line
        for line in text.splitlines()
        if line.startswith('openvorgang_queue_oldest_age_seconds{queue="jobs"}')
    )
    assert float(age.split()[-1]) >= 119
    assert "openvorgang_http_request_duration_seconds_bucket" in text


def test_intake_is_counted_per_channel(world, api):
    from openvorgang.ops.metrics import INTAKE

    before = INTAKE.labels("api")._value.get()
    from openvorgang.accounts.tokens import hash_token
    from openvorgang.intake.channels.api.tests.test_native_submissions import (
        TOKEN,
    )
    from openvorgang.intake.models import Sender

    Sender.objects.create(name="S", token_hash=hash_token(TOKEN))
    answer = Client().post(
        "/api/v1/submissions",
        json.dumps(
            {"serviceKeys": ["99050012104000"], "orgUnitId": world.unit.oe_id, "formData": []}
        ),
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="m-1",
        HTTP_AUTHORIZATION=f"Bearer {TOKEN}",
    )
    assert answer.status_code == 201, answer.content
    assert INTAKE.labels("api")._value.get() == before + 1


def test_metrics_need_the_token_or_localhost(db, settings):
    assert _metrics(REMOTE_ADDR="10.1.2.3").status_code == 403
    settings.OPENVORGANG_METRICS_TOKEN = "metriken-geheim"
    assert _metrics().status_code == 403
    assert _metrics(HTTP_AUTHORIZATION="Bearer falsch").status_code == 403
    ok = _metrics(REMOTE_ADDR="10.1.2.3", HTTP_AUTHORIZATION="Bearer metriken-geheim")
    assert ok.status_code == 200


def test_request_id_is_returned_and_taken_over(db):
    answer = Client().get("/healthz", HTTP_X_REQUEST_ID="lb-1234567890")
    assert answer["X-Request-ID"] == "lb-1234567890"
    generated = Client().get("/healthz", HTTP_X_REQUEST_ID="<script>")["X-Request-ID"]
    assert len(generated) == 32


def test_json_log_line_with_context_and_masked_secrets():
    record = logging.LogRecord(
        "openvorgang.x",
        logging.WARNING,
        __file__,
        1,
        "call with Authorization: Bearer abcdefghijklmnop and %s",
        ("https://ov:geheim@dms.example/",),
        None,
    )
    tokens = [context.request_id.set("r-1"), context.tenant_id.set("7"), context.user_id.set("42")]
    try:
        ContextFilter().filter(record)
    finally:
        for var, token in zip(
            (context.request_id, context.tenant_id, context.user_id), tokens, strict=True
        ):
            var.reset(token)
    line = json.loads(JsonFormatter().format(record))
    assert (line["request_id"], line["tenant_id"], line["user_id"]) == ("r-1", "7", "42")
    assert line["level"] == "WARNING"
    assert "abcdefghijklmnop" not in line["message"]
    assert "geheim" not in line["message"]


def test_mask_api_tokens_and_passwords():
    assert mask("token ov_AbCdEf123456789") == "token ***"
    assert "ovc_" not in mask("x ovc_AbCdEf123456789xyz")
    assert mask("passwort=Sehr-Geheim1") == "passwort=***"


def test_request_log_names_the_route_not_the_path(db, caplog):
    with caplog.at_level(logging.INFO, logger="openvorgang.request"):
        Client().get("/antragsraum/ein-geheimer-link-1234567890/")
    lines = [r for r in caplog.records if r.name == "openvorgang.request"]
    assert lines
    assert "ein-geheimer-link" not in lines[-1].getMessage()
    assert lines[-1].route == "/antragsraum/<str:secret>/"
