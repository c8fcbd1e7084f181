"""Receipts 0402/0403: positive, negative (with retry), unknown cases, unsafe XML; through the
service, the API (connector token) and the receipt drop folder."""

from __future__ import annotations

import uuid

import pytest
from django.test import Client

from openvorgang.cases.models import CaseStatus, EventKind
from openvorgang.jobs.worker import run_until_idle
from openvorgang.records.auth import connector_token_issue
from openvorgang.records.feed import read_receipt_folders
from openvorgang.records.models import Export, ExportState
from openvorgang.records.services import export_request, export_retry, receipt_import
from openvorgang.records.tests.helpers import full_case
from openvorgang.records.tests.receipts import receipt_0402, receipt_0403
from openvorgang.records.xdomea.receipts import BadReceipt

XXE = b"""<?xml version="1.0"?>
<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>
<xdomea:Abgabe.EmpfangBestaetigen.0403 xmlns:xdomea="urn:xoev-de:xdomea:schema:3.0.0">&e;
</xdomea:Abgabe.EmpfangBestaetigen.0403>"""


@pytest.fixture
def sent(world, make_connector, tmp_path):
    connector = make_connector(kind="dropfolder", target=str(tmp_path))
    case = full_case(world, status=CaseStatus.ABGESCHLOSSEN, decide=False)
    export = export_request(case=case, connector=connector, actor=world.caseworker)
    run_until_idle("test")
    export.refresh_from_db()
    assert export.state == ExportState.SENT
    return export


@pytest.mark.parametrize("version", ["3.0.0", "3.1.0"])
def test_received_then_filed_with_reference(sent, version):
    receipt_import(receipt_0403(sent.process_id, version))
    sent.refresh_from_db()
    assert sent.state == ExportState.RECEIVED
    receipt_import(receipt_0402(sent.process_id, sent.case_id, reference="AZ 1-2", version=version))
    sent.refresh_from_db()
    assert (sent.state, sent.dms_reference) == (ExportState.FILED, "AZ 1-2")
    assert sent.case.events.filter(kind=EventKind.FILED).count() == 1


def test_negative_receipt_shows_reason_and_allows_retry(sent, world):
    receipt_import(receipt_0402(sent.process_id, sent.case_id, ok=False, text="Aktenplan fehlt"))
    sent.refresh_from_db()
    assert (sent.state, sent.error) == (ExportState.REJECTED, "Aktenplan fehlt")
    again = export_retry(export=sent, actor=world.caseworker)
    run_until_idle("test")
    again.refresh_from_db()
    assert again.state == ExportState.SENT
    assert again.process_id != sent.process_id


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda e: receipt_0403(uuid.uuid4()), "Keine Abgabe"),
        (lambda e: receipt_0402(e.process_id, uuid.uuid4()), "nennt den abgegebenen Vorgang nicht"),
        (lambda e: XXE, "DTD"),
        (lambda e: b"<kaputt", "wohlgeformt"),
        (lambda e: b"<a xmlns='urn:x'/>", "Namensraum"),
        (lambda e: receipt_0403(e.process_id).replace(b"0403</code>", b"9999</code>"), "ungültig"),
    ],
)
def test_bad_receipts_change_nothing(sent, make, message):
    with pytest.raises(BadReceipt, match=message):
        receipt_import(make(sent))
    sent.refresh_from_db()
    assert sent.state == ExportState.SENT


def test_receipt_api_with_connector_token(sent):
    token = connector_token_issue(sent.connector)
    client = Client()
    answer = client.post(
        "/api/v1/xdomea/receipts",
        receipt_0402(sent.process_id, sent.case_id, reference="AZ 9"),
        content_type="application/xml",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert answer.status_code == 200, answer.content
    assert answer.json()["state"] == "filed"
    bad = client.post(
        "/api/v1/xdomea/receipts",
        XXE,
        content_type="application/xml",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert bad.status_code == 400
    assert bad["Content-Type"] == "application/problem+json"
    assert (
        client.post(
            "/api/v1/xdomea/receipts",
            b"",
            content_type="application/xml",
            HTTP_AUTHORIZATION="Bearer falsch",
        ).status_code
        == 401
    )


def test_receipt_of_another_tenant_is_unknown(sent, world, make_connector):
    foreign = make_connector(tenant=world.foreign_tenant, name="Fremd")
    with pytest.raises(BadReceipt, match="Keine Abgabe"):
        receipt_import(receipt_0403(sent.process_id), connector=foreign)


def test_receipt_folder_is_read_and_sorted(sent, tmp_path):
    inbox = tmp_path / "quittungen"
    inbox.mkdir()
    sent.connector.receipt_folder = str(inbox)
    sent.connector.save()
    (inbox / "ok.xml").write_bytes(receipt_0402(sent.process_id, sent.case_id, reference="X"))
    (inbox / "boese.xml").write_bytes(XXE)
    assert read_receipt_folders() == 1
    assert (inbox / "erledigt" / "ok.xml").exists()
    assert (inbox / "fehler" / "boese.xml").exists()
    assert "DTD" in (inbox / "fehler" / "boese.xml.grund.txt").read_text()
    assert Export.objects.get(pk=sent.pk).state == ExportState.FILED
