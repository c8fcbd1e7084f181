"""POST /antrag, the OZG-Cloud intake contract."""

from __future__ import annotations

import io
import json
import threading
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client

from openvorgang.cases.models import Case, CaseFile
from openvorgang.intake.models import Sender, Submission
from openvorgang.testing.factories import PDF_BYTES
from openvorgang.testing.storage import assert_nothing_stored

TOKEN = "form-server-token-0123456789abcdef"


@pytest.fixture
def sender(world):
    with mock.patch("sys.stdin", io.StringIO(TOKEN + "\n")):
        call_command("sender", "create", "--name", "Gover", "--token-stdin", stdout=io.StringIO())
    return Sender.objects.get(name="Gover")


def _form(transaction_id="tx-1", oe_id=None, **control):
    return json.dumps(
        {
            "control": {
                "transactionId": transaction_id,
                "zustaendigeStelle": oe_id,
                "leikaIds": ["99050012104000"],
                "formId": "gewerbe-an",
                "name": "Gewerbeanmeldung",
                "serviceKonto": {
                    "type": "OSI",
                    "trustLevel": "STORK-QAA-LEVEL-3",
                    "postfachAddress": {"identifier": "osi-123", "type": 1},
                },
                "organisationsEinheitenId": "extra-key",
                **control,
            },
            "formData": [
                {
                    "name": "antragsteller",
                    "label": "Antragsteller",
                    "formItems": [
                        {"name": "vorname", "label": "Vorname", "stringValue": "Jürgen"},
                        {"name": "nachname", "label": "Nachname", "stringValue": "Schäfer"},
                        {"name": "email", "label": "E-Mail", "stringValue": "j@example.org"},
                    ],
                },
                {"name": "beginn", "label": "Beginn", "dateValue": "2026-12-01", "type": "date"},
            ],
        }
    )


def _post(body, token=TOKEN, **kwargs):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    return Client().post("/antrag", body, **headers, **kwargs)


def _files():
    return {
        "representation": io.BytesIO(PDF_BYTES),
        "attachment": [io.BytesIO(b"<?xml version='1.0'?><fim/>")],
    }


def test_accepts_a_submission_into_a_case(world, sender):
    body = {"formData": _form(oe_id=world.unit.oe_id), **_files()}
    response = _post(body)
    assert response.status_code == 200, response.content
    answer = response.json()
    case = Case.objects.get(pk=answer["vorgang"]["vorgangId"])
    assert answer["transactionId"] == "tx-1"
    assert answer["vorgang"]["vorgangNummer"] == case.number
    assert answer["vorgang"]["status"] == "NEU"
    assert (case.tenant, case.org_unit, case.channel) == (world.tenant, world.unit, "ozg_cloud")
    assert case.applicant_name == "Jürgen Schäfer"
    assert (case.applicant_mailbox_type, case.applicant_mailbox_ref) == ("OSI", "osi-123")
    assert case.applicant_trust_level == "STORK-QAA-LEVEL-3"
    assert case.service_key == "99050012104000"
    assert case.form_data[1] == {
        "name": "beginn",
        "label": "Beginn",
        "type": "date",
        "value": "2026-12-01",
    }
    kinds = sorted(CaseFile.objects.filter(case=case).values_list("kind", "media_type"))
    assert kinds == [("attachment", "application/xml"), ("representation", "application/pdf")]
    submission = Submission.objects.get()
    assert submission.control["organisationsEinheitenId"] == "extra-key"


def test_form_data_as_a_file_part(world, sender):
    part = io.BytesIO(_form(oe_id=world.unit.oe_id).encode())
    part.name = "formData.json"
    assert _post({"formData": part}).status_code == 200


def test_the_same_transaction_twice_gives_the_first_case(world, sender):
    first = _post({"formData": _form(oe_id=world.unit.oe_id), **_files()}).json()
    second = _post({"formData": _form(oe_id=world.unit.oe_id), **_files()}).json()
    assert first == second
    assert Case.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_duplicates_create_one_case(world, sender):
    barrier = threading.Barrier(2)
    answers = []

    def send():
        try:
            barrier.wait(timeout=10)
            answers.append(_post({"formData": _form(oe_id=world.unit.oe_id)}).json())
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert len(answers) == 2
    assert answers[0]["vorgang"]["vorgangId"] == answers[1]["vorgang"]["vorgangId"]
    assert Case.objects.count() == 1


def test_unknown_target_lands_in_clearing(world, sender):
    response = _post({"formData": _form(oe_id="gibt-es-nicht")})
    assert response.status_code == 200
    case = Case.objects.get()
    assert case.tenant is None
    assert case.number.startswith("SH-")


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"formData": "{kaputt"}, "kein gültiges JSON"),
        ({"formData": "[]"}, "JSON-Objekt"),
        ({"formData": json.dumps({"formData": []})}, "control fehlt"),
        ({"formData": json.dumps({"control": {}, "formData": []})}, "transactionId"),
        (
            {
                "formData": json.dumps(
                    {"control": {"transactionId": "t", "leikaIds": ["1"]}, "formData": []}
                )
            },
            "leikaIds",
        ),
        ({"formData": json.dumps({"control": {"transactionId": "t"}})}, "formData.formData fehlt"),
        (
            {
                "formData": json.dumps(
                    {
                        "control": {"transactionId": "t"},
                        "formData": [{"name": "d", "dateValue": "morgen"}],
                    }
                )
            },
            "Typ date",
        ),
        ({}, "'formData' fehlt"),
    ],
)
def test_bad_input_is_a_400_problem_and_stores_nothing(world, sender, body, message):
    response = _post(body)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert message in response.json()["detail"]
    assert Case.objects.count() == 0
    assert Submission.objects.count() == 0


def test_two_representations_are_refused(world, sender):
    body = {"formData": _form(), "representation": [io.BytesIO(PDF_BYTES), io.BytesIO(PDF_BYTES)]}
    assert _post(body).status_code == 400
    assert Case.objects.count() == 0


def test_limits_on_files(world, sender, settings):
    settings.OPENVORGANG_INTAKE_MAX_FILE_BYTES = 10
    assert _post({"formData": _form(), **_files()}).status_code == 413
    settings.OPENVORGANG_INTAKE_MAX_FILE_BYTES = 10_000
    exe = {
        "formData": _form(),
        "attachment": [io.BytesIO(PDF_BYTES), io.BytesIO(b"MZ\x90\x00" + b"\x00" * 100)],
    }
    response = _post(exe)
    assert response.status_code == 415
    assert "einen nicht erlaubten Typ" in response.json()["detail"]
    assert response.json()["part"] == "attachment[1]"  # the refused part is named
    settings.OPENVORGANG_INTAKE_MAX_FILES = 1
    assert _post({"formData": _form(), **_files()}).status_code == 413
    assert Case.objects.count() == 0


@pytest.mark.parametrize("token", [None, "falsch", ""])
def test_unknown_senders_get_401(world, sender, token):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token is not None else {}
    response = Client().post("/antrag", {"formData": _form()}, **headers)
    assert response.status_code == 401
    assert Case.objects.count() == 0


def test_network_sender_and_token_bound_to_network(world):
    call_command(
        "sender", "create", "--name", "Intern", "--network", "127.0.0.0/8", stdout=io.StringIO()
    )
    assert _post({"formData": _form()}, token=None).status_code == 200
    Sender.objects.filter(name="Intern").update(networks=["10.0.0.0/8"])
    assert _post({"formData": _form("tx-2")}, token=None).status_code == 401


def test_tenant_sender_cannot_deliver_into_another_tenant(world):
    with mock.patch("sys.stdin", io.StringIO(TOKEN + "\n")):
        call_command(
            "sender",
            "create",
            "--name",
            "Stadtportal",
            "--tenant",
            world.tenant.slug,
            "--token-stdin",
            stdout=io.StringIO(),
        )
    assert _post({"formData": _form(oe_id=world.foreign_unit.oe_id)}).status_code == 200
    case = Case.objects.get()
    assert (case.tenant, case.org_unit) == (world.tenant, None)


def test_sender_command_is_idempotent(db):
    out = []
    for _ in range(2):
        buffer = io.StringIO()
        with mock.patch("sys.stdin", io.StringIO(TOKEN + "\n")):
            call_command("sender", "create", "--name", "Gover", "--token-stdin", stdout=buffer)
        out.append(json.loads(buffer.getvalue()))
    assert out[0]["created"] is True
    assert out[1]["created"] is False
    assert out[1]["changed"] == []
    assert Sender.objects.count() == 1


@pytest.mark.parametrize(
    "xml",
    [
        b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><a>&x;</a>',
        b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
        b"<l>&b;</l>",
        b'<?xml version="1.0"?><!DOCTYPE a SYSTEM "http://example.org/a.dtd"><a/>',
    ],
)
def test_xml_attachments_with_dtd_or_entities_are_refused(world, sender, disk, xml):
    body = {"formData": _form(oe_id=world.unit.oe_id), "attachment": [io.BytesIO(xml)]}
    response = _post(body)
    assert response.status_code == 400
    assert response.json()["type"].endswith("unsafe_xml")
    assert_nothing_stored(disk)


def _raw(*parts):
    from openvorgang.testing.multipart import CONTENT_TYPE, body

    return Client().post(
        "/antrag", body(*parts), content_type=CONTENT_TYPE, HTTP_AUTHORIZATION=f"Bearer {TOKEN}"
    )


@pytest.mark.parametrize(
    "filename", [b"", b"/", "Grundriss-Ä.pdf".encode("latin-1")], ids=["empty", "slash", "latin1"]
)
def test_a_dropped_attachment_refuses_the_whole_submission(world, sender, disk, filename):
    from openvorgang.testing.multipart import part

    response = _raw(
        part("formData", _form(oe_id=world.unit.oe_id).encode(), media="application/json"),
        part("attachment", b"<?xml version='1.0'?><a/>", filename=b"a.xml", media="text/xml"),
        part("attachment", PDF_BYTES, filename=filename, media="application/pdf"),
    )
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert "'attachment' (Teil 3)" in response.json()["detail"]
    assert_nothing_stored(disk)
    assert Submission.objects.count() == 0


@pytest.mark.parametrize(
    ("control", "path"),
    [
        ('"leikaIds": ["99050012104000"], "x": NaN', "/control/x"),
        ('"leikaIds": ["99050012104000"], "x": -Infinity', "/control/x"),
        ('"leikaIds": ["99050012104000"], "x": 1e999', "/control/x"),
        ('"leikaIds": ["99050012104000"], "x": ' + "[" * 3000 + "]" * 3000, "/"),
        ('"leikaIds": ["99050012104000"], "x": "a\\u0000"', "/control/x"),
        ('"leikaIds": ["99050012104000"], "x": "\\udc00"', "/control/x"),
    ],
    ids=["nan", "-infinity", "1e999", "deep", "nul", "surrogate"],
)
def test_hostile_control_fields_are_refused_with_the_path(world, sender, disk, control, path):
    from openvorgang.testing.multipart import part

    document = '{"control": {"transactionId": "t-h", ' + control + '}, "formData": []}'
    response = _raw(part("formData", document.encode()))
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/problem+json"
    assert f"formData{path}" in response.json()["detail"]
    assert_nothing_stored(disk)


def test_form_items_nested_thousands_deep_are_refused(world, sender, disk):
    from openvorgang.testing.multipart import part

    deep = '{"name": "a", "formItems": [' * 2000 + "{}" + "]}" * 2000
    document = '{"control": {"transactionId": "t-d"}, "formData": [' + deep + "]}"
    response = _raw(part("formData", document.encode(), filename=b"formData.json"))
    assert response.status_code == 400
    assert "verschachtelt" in response.json()["detail"]
    assert_nothing_stored(disk)


def test_form_data_as_a_file_part_has_the_text_limit(world, sender, disk, settings):
    from openvorgang.testing.multipart import part

    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2000
    document = _form(oe_id=world.unit.oe_id, padding="x" * 5000).encode()
    response = _raw(part("formData", document, filename=b"formData.json"))
    assert response.status_code == 413
    assert_nothing_stored(disk)


def test_an_unexpected_error_is_answered_with_problem_json(world, sender, monkeypatch):
    from openvorgang.intake.channels.ozgcloud import views

    def broken(*args, **kwargs):
        raise RuntimeError("Fehler im Test")

    monkeypatch.setattr(views, "receive", broken)
    client = Client(raise_request_exception=False)
    response = client.post(
        "/antrag",
        {"formData": _form(oe_id=world.unit.oe_id)},
        HTTP_AUTHORIZATION=f"Bearer {TOKEN}",
    )
    assert response.status_code == 500
    assert response["Content-Type"] == "application/problem+json"
    assert "Fehler im Test" not in response.content.decode()
