"""HTTP upload connector against a local HTTP server: authentication, streaming upload, the
DMS's reference, a 0402 receipt in the answer, retries and refusals."""

from __future__ import annotations

import base64
import json

from django.utils import timezone

from openvorgang.cases.models import CaseStatus
from openvorgang.jobs.worker import run_until_idle
from openvorgang.outbox.models import Delivery
from openvorgang.records.models import ExportState
from openvorgang.records.services import export_request
from openvorgang.records.tests.helpers import full_case
from openvorgang.records.tests.receipts import receipt_0402
from openvorgang.testing.http_peer import Answer, running_peer


def _setup(world, make_connector, url, **kw):
    connector = make_connector(kind="http", target=url, **kw)
    case = full_case(world, status=CaseStatus.ABGESCHLOSSEN)
    return case, export_request(case=case, connector=connector, actor=world.caseworker)


def test_upload_with_basic_auth_and_reference_in_answer(world, make_connector):
    def dms(request):
        expected = "Basic " + base64.b64encode(b"ov:geheim").decode()
        if request.headers.get("authorization") != expected:
            return Answer(401)
        return Answer(201, json.dumps({"reference": "AZ 32.10-77"}).encode())

    with running_peer(dms) as peer:
        case, export = _setup(
            world, make_connector, peer.url + "/import", username="ov", secret="geheim"
        )
        run_until_idle("test")
    export.refresh_from_db()
    assert (export.state, export.dms_reference) == (ExportState.FILED, "AZ 32.10-77")
    request = peer.requests[0]
    assert request.path == "/import"
    assert request.headers["content-type"] == "application/zip"
    assert request.headers["x-openvorgang-export"] == str(export.process_id)
    assert request.body.startswith(b"PK")
    assert len(request.body) == export.size
    assert "filed" in list(case.events.values_list("kind", flat=True))


def test_receipt_in_the_answer_is_imported(world, make_connector):
    state = {}

    def dms(request):
        export = state["export"]
        body = receipt_0402(export.process_id, export.case_id, ok=False, text="Akte gesperrt")
        return Answer(200, body, "application/xml")

    with running_peer(dms) as peer:
        _case, export = _setup(world, make_connector, peer.url, secret="tok")
        state["export"] = export
        run_until_idle("test")
    assert peer.requests[0].headers["authorization"] == "Bearer tok"
    export.refresh_from_db()
    assert (export.state, export.error) == (ExportState.REJECTED, "Akte gesperrt")


def test_server_errors_are_retried_client_errors_are_final(world, make_connector):
    answers = [Answer(503), Answer(400, b"kaputt")]
    with running_peer(lambda r: answers.pop(0)) as peer:
        _case, export = _setup(world, make_connector, peer.url)
        run_until_idle("test")
        delivery = Delivery.objects.get(transport="connector.http")
        assert delivery.state == "queued"
        assert delivery.last_status_code == 503
        Delivery.objects.filter(pk=delivery.pk).update(run_after=timezone.now())
        run_until_idle("test")
    export.refresh_from_db()
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts, delivery.last_status_code) == ("failed", 2, 400)
    assert export.state == ExportState.FAILED
    assert "kaputt" in export.error


def test_garbage_answer_still_counts_as_sent(world, make_connector):
    with running_peer(lambda r: Answer(200, b"<html>ok", "text/xml")) as peer:
        _, export = _setup(world, make_connector, peer.url)
        run_until_idle("test")
    export.refresh_from_db()
    assert export.state == ExportState.SENT
