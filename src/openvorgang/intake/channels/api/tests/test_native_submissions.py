"""POST /api/v1/submissions and /api/v1/uploads: the native, idempotent intake API."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
import time_machine
from django.core.files.storage import default_storage
from django.test import Client
from django.utils import timezone

from openvorgang.accounts.tokens import hash_token
from openvorgang.cases.models import Case, CaseFile
from openvorgang.intake.models import Sender, Upload
from openvorgang.jobs.services import job_enqueue
from openvorgang.jobs.worker import run_until_idle
from openvorgang.testing.factories import PDF_BYTES
from openvorgang.testing.storage import assert_nothing_stored

TOKEN = "native-api-sender-token-0123456789"
XXE = b"""<?xml version="1.0"?>
<!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<antrag>&xxe;</antrag>"""
LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<lolz>&lol3;</lolz>"""


@pytest.fixture
def sender(world):
    return Sender.objects.create(name="Formularserver", token_hash=hash_token(TOKEN))


def _metadata(world, **overrides):
    data = {
        "serviceKeys": ["99050012104000"],
        "serviceName": "Gewerbeanmeldung",
        "orgUnitId": world.unit.oe_id,
        "formId": "gewerbe-an",
        "formName": "Gewerbeanmeldung",
        "applicant": {
            "name": "Jürgen Schäfer",
            "email": "j@example.org",
            "mailboxType": "OSI",
            "mailboxId": "osi-1",
            "trustLevel": "STORK-QAA-LEVEL-3",
        },
        "formData": [
            {
                "name": "betrieb",
                "label": "Betrieb",
                "items": [{"name": "firma", "label": "Firma", "value": "Schäfer GmbH"}],
            }
        ],
    }
    data.update(overrides)
    return data


def _file(content, name):
    part = io.BytesIO(content)
    part.name = name
    return part


def _post_multipart(metadata, key="key-1", token=TOKEN, files=None):
    body = {"metadata": json.dumps(metadata)}
    body.update(
        files
        if files is not None
        else {
            "representation": _file(PDF_BYTES, "antrag.pdf"),
            "attachment": [_file(b"<?xml version='1.0'?><fim/>", "fim.xml")],
        }
    )
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key else {}
    if token:
        headers["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    return Client().post("/api/v1/submissions", body, **headers)


def _post_json(metadata, key="key-j"):
    return Client().post(
        "/api/v1/submissions",
        json.dumps(metadata),
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY=key,
        HTTP_AUTHORIZATION=f"Bearer {TOKEN}",
    )


def _post_raw(raw, *, key):
    """A multipart body written byte by byte (``testing.multipart``)."""
    from openvorgang.testing.multipart import CONTENT_TYPE

    return Client().post(
        "/api/v1/submissions",
        raw,
        content_type=CONTENT_TYPE,
        HTTP_IDEMPOTENCY_KEY=key,
        HTTP_AUTHORIZATION=f"Bearer {TOKEN}",
    )


def _upload(content, name, token=TOKEN):
    return Client().post(
        "/api/v1/uploads", {"file": _file(content, name)}, HTTP_AUTHORIZATION=f"Bearer {token}"
    )


def test_multipart_submission_creates_one_complete_case(world, sender):
    response = _post_multipart(_metadata(world))
    assert response.status_code == 201, response.content
    answer = response.json()
    case = Case.objects.get(pk=answer["caseId"])
    assert answer["caseNumber"] == case.number
    assert (answer["tenant"], answer["orgUnitId"], answer["clearing"]) == (
        world.tenant.slug,
        world.unit.oe_id,
        False,
    )
    assert (case.channel, case.org_unit, case.service_key) == ("api", world.unit, "99050012104000")
    assert (case.applicant_name, case.applicant_mailbox_type) == ("Jürgen Schäfer", "OSI")
    assert case.form_data[0]["items"][0]["value"] == "Schäfer GmbH"
    files = sorted(CaseFile.objects.filter(case=case).values_list("kind", "original_name"))
    assert files == [("attachment", "fim.xml"), ("representation", "antrag.pdf")]


@pytest.mark.parametrize(("consent", "stored"), [(True, True), (False, False), (None, None)])
def test_consent_to_a_digital_decision_is_kept(world, sender, consent, stored):
    metadata = _metadata(world)
    metadata["applicant"]["consentDigitalDecision"] = consent
    response = _post_multipart(metadata, key=f"consent-{consent}")
    assert response.status_code == 201, response.content
    assert Case.objects.get(pk=response.json()["caseId"]).decision_consent is stored


def test_same_key_returns_the_first_case(world, sender):
    first = _post_multipart(_metadata(world))
    second = _post_multipart(_metadata(world))
    assert (first.status_code, second.status_code) == (201, 200)
    assert second["Idempotent-Replayed"] == "true"
    assert second.json()["caseId"] == first.json()["caseId"]
    assert Case.objects.count() == 1


def test_same_key_with_other_content_is_refused(world, sender):
    _post_multipart(_metadata(world))
    response = _post_multipart(_metadata(world, formName="Etwas anderes"))
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["type"].endswith("idempotency_key_reused")
    assert Case.objects.count() == 1


def test_pre_uploaded_files_are_used_once_and_removed(
    world, sender, django_capture_on_commit_callbacks
):
    pdf = _upload(PDF_BYTES, "antrag.pdf").json()
    scan = _upload(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "ausweis.png").json()
    assert (pdf["mediaType"], scan["mediaType"]) == ("application/pdf", "image/png")
    stored = list(Upload.objects.values_list("storage_name", flat=True))
    metadata = _metadata(
        world, files=[{"upload": pdf["id"], "kind": "representation"}, {"upload": scan["id"]}]
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = _post_json(metadata)
    assert response.status_code == 201, response.content
    case = Case.objects.get(pk=response.json()["caseId"])
    files = sorted(CaseFile.objects.filter(case=case).values_list("kind", "media_type", "sha256"))
    assert [f[:2] for f in files] == [
        ("attachment", "image/png"),
        ("representation", "application/pdf"),
    ]
    assert not Upload.objects.exists()
    assert not any(default_storage.exists(name) for name in stored)
    # The retry of the same submission still gets its case, though the uploads are used up.
    replay = _post_json(metadata)
    assert (replay.status_code, replay.json()["caseId"]) == (200, str(case.pk))


def test_unknown_or_foreign_upload_is_refused(world, sender):
    other = Sender.objects.create(name="Anderer", token_hash=hash_token("other-sender-token-xyz"))
    foreign = _upload(PDF_BYTES, "a.pdf", token="other-sender-token-xyz").json()
    assert Upload.objects.get(pk=foreign["id"]).sender == other
    response = _post_json(_metadata(world, files=[{"upload": foreign["id"]}]))
    assert response.status_code == 422
    assert foreign["id"] in response.json()["detail"]
    assert not Case.objects.exists()


def test_expired_uploads_are_swept(world, sender):
    _upload(PDF_BYTES, "a.pdf")
    name = Upload.objects.get().storage_name
    with time_machine.travel(timezone.now() + dt.timedelta(hours=25)):
        job_enqueue(name="intake.sweep_uploads")
        run_until_idle("w1")
    assert not Upload.objects.exists()
    assert not default_storage.exists(name)


def test_region_key_selects_the_tenant_unknown_target_goes_to_clearing(world, sender):
    by_ars = _post_multipart(_metadata(world, orgUnitId="", regionKey=world.tenant.ars), key="a")
    assert by_ars.status_code == 201
    assert (by_ars.json()["tenant"], by_ars.json()["orgUnitId"]) == (world.tenant.slug, None)
    nowhere = _post_multipart(
        _metadata(world, orgUnitId="unbekannt", regionKey="010599999999"), key="b"
    )
    assert nowhere.status_code == 201
    assert nowhere.json()["clearing"] is True
    assert Case.objects.get(pk=nowhere.json()["caseId"]).tenant is None


@pytest.mark.parametrize(
    ("kwargs", "status", "code"),
    [
        ({"token": None}, 401, "not_authenticated"),
        ({"token": "wrong-token"}, 401, "authentication_failed"),
        ({"key": None}, 400, "idempotency_key"),
        ({"key": "bad key with spaces"}, 400, "idempotency_key"),
    ],
)
def test_authentication_and_key_problems(world, sender, disk, kwargs, status, code):
    response = _post_multipart(_metadata(world), **kwargs)
    assert response.status_code == status
    assert response.json()["type"].endswith(code)
    assert_nothing_stored(disk)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"serviceKeys": ["123"]}, "serviceKeys"),
        ({"regionKey": "01abc"}, "regionKey"),
        ({"applicant": {"email": "keine-adresse"}}, "applicant"),
        ({"formData": "kein Baum"}, "formData"),
    ],
)
def test_invalid_metadata_names_the_field(world, sender, disk, overrides, field):
    response = _post_multipart(_metadata(world, **overrides))
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert_nothing_stored(disk)


def test_malformed_metadata_json(world, sender):
    response = Client().post(
        "/api/v1/submissions",
        {"metadata": "{kaputt"},
        HTTP_IDEMPOTENCY_KEY="k",
        HTTP_AUTHORIZATION=f"Bearer {TOKEN}",
    )
    assert response.status_code == 400
    assert response.json()["type"].endswith("invalid_json")


@pytest.mark.parametrize(
    ("files", "status", "code"),
    [
        ({"attachment": [_file(b"MZ\x90\x00" + b"\x00" * 60, "virus.exe")]}, 415, "forbidden_type"),
        ({"attachment": [_file(XXE, "xxe.xml")]}, 400, "unsafe_xml"),
        ({"attachment": [_file(LAUGHS, "lol.xml")]}, 400, "unsafe_xml"),
        ({"attachment": [_file(b"<?xml version='1.0'?><offen>", "kaputt.xml")]}, 400, "unsafe_xml"),
        (
            {"representation": [_file(PDF_BYTES, "a.pdf"), _file(PDF_BYTES, "b.pdf")]},
            400,
            "invalid_submission",
        ),
    ],
)
def test_bad_files_are_refused_and_nothing_is_stored(world, sender, disk, files, status, code):
    response = _post_multipart(_metadata(world), files=files)
    assert response.status_code == status, response.content
    assert response.json()["type"].endswith(code)
    assert_nothing_stored(disk)  # no case, no file row, no staged file, no stored bytes


def test_limits_on_file_count_and_request_size(world, sender, settings, disk):
    settings.OPENVORGANG_INTAKE_MAX_FILES = 1
    response = _post_multipart(_metadata(world))
    assert (response.status_code, response.json()["type"].split("/")[-1]) == (413, "too_many_files")
    settings.OPENVORGANG_INTAKE_MAX_REQUEST_BYTES = 100
    response = _post_multipart(_metadata(world), files={})
    assert response.status_code == 413, response.content
    assert response.json()["type"].endswith("too_large")
    assert_nothing_stored(disk)


def test_openapi_documents_the_intake_api(world):
    schema = Client().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    operation = schema["paths"]["/api/v1/submissions"]["post"]
    assert "Idempotency-Key" in [p["name"] for p in operation["parameters"]]
    assert set(operation["requestBody"]["content"]) == {"application/json", "multipart/form-data"}
    assert "/api/v1/uploads" in schema["paths"]


@pytest.mark.django_db(transaction=True)
def test_concurrent_deliveries_with_the_same_key_create_one_case(world, sender):
    import threading

    from django.db import connection

    barrier = threading.Barrier(2)
    answers = []

    def send():
        try:
            barrier.wait(timeout=10)
            response = _post_multipart(_metadata(world), key="gleichzeitig")
            answers.append((response.status_code, response.json()["caseId"]))
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(status for status, _ in answers) == [200, 201]
    assert len({case_id for _, case_id in answers}) == 1
    assert Case.objects.count() == 1


@pytest.mark.parametrize("text", ["a\u0000b", "\udc00"])
def test_unstorable_characters_are_refused_before_anything_is_written(world, sender, text):
    applicant = {"name": text}
    response = _post_json(_metadata(world, applicant=applicant), key=f"nul-{len(text)}")
    assert response.status_code == 400
    assert response.json()["type"].endswith("invalid_characters")
    assert Case.objects.count() == 0


def test_same_key_same_name_and_size_but_other_bytes_is_refused(world, sender):
    """The fingerprint covers the files' content: a second delivery with other bytes of the
    same name and size is not a replay."""
    first = _post_multipart(_metadata(world), files={"attachment": [_file(b"AAAA", "a.txt")]})
    again = _post_multipart(_metadata(world), files={"attachment": [_file(b"BBBB", "a.txt")]})
    assert (first.status_code, again.status_code) == (201, 422)
    assert again.json()["type"].endswith("idempotency_key_reused")
    same = _post_multipart(_metadata(world), files={"attachment": [_file(b"AAAA", "a.txt")]})
    assert (same.status_code, same["Idempotent-Replayed"]) == (200, "true")


@pytest.mark.parametrize(
    "filename",
    [b"", b"/", b"..", "Bauantrag-Ü.pdf".encode("latin-1")],
    ids=["empty", "slash", "dots", "latin1"],
)
def test_a_file_part_the_parser_would_drop_refuses_the_submission(world, sender, disk, filename):
    from openvorgang.testing.multipart import body, part

    raw = body(
        part("metadata", json.dumps(_metadata(world)).encode(), media="application/json"),
        part("representation", PDF_BYTES, filename=b"antrag.pdf", media="application/pdf"),
        part("attachment", b"zweite Datei", filename=filename, media="text/plain"),
    )
    response = _post_raw(raw, key="drop-1")
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/problem+json"
    assert "'attachment' (Teil 3)" in response.json()["detail"]
    assert_nothing_stored(disk)


@pytest.mark.parametrize(
    ("metadata", "code", "path"),
    [
        (b'{"formData": [{"name": "n", "value": NaN}]}', "invalid_number", "/formData/0/value"),
        (
            b'{"formData": [{"name": "n", "value": Infinity}]}',
            "invalid_number",
            "/formData/0/value",
        ),
        (b'{"formData": [{"name": "n", "value": 1e999}]}', "invalid_number", "/formData/0/value"),
        (b'{"formData": ' + b"[" * 5000 + b"]" * 5000 + b"}", "too_deep", "/"),
        (b'{"formData": ' + b"[" * 40 + b"]" * 40 + b"}", "too_deep", "/formData/0/0"),
        (b'{"formName": "a\\u0000b"}', "invalid_characters", "/formName"),
    ],
    ids=["nan", "infinity", "1e999", "deep-5000", "deep-40", "nul"],
)
@pytest.mark.parametrize("form", ["json", "multipart"])
def test_hostile_json_is_refused_with_the_path(world, sender, disk, metadata, code, path, form):
    headers = {"HTTP_IDEMPOTENCY_KEY": "hostile", "HTTP_AUTHORIZATION": f"Bearer {TOKEN}"}
    if form == "json":
        response = Client().post(
            "/api/v1/submissions", metadata, content_type="application/json", **headers
        )
    else:
        from openvorgang.testing.multipart import body, part

        raw = body(part("metadata", metadata, filename=b"metadata.json"))
        response = _post_raw(raw, key="hostile")
    assert response.status_code == 400, response.content
    problem = response.json()
    assert response["Content-Type"] == "application/problem+json"
    assert problem["type"].endswith(code)
    assert path in problem["detail"]
    assert_nothing_stored(disk)


def test_invalid_utf8_in_the_metadata_text_part_is_refused(world, sender, disk):
    from openvorgang.testing.multipart import body, part

    raw = body(part("metadata", b'{"formName": "Gr\xfc\xdfe"}'))
    response = _post_raw(raw, key="utf8")
    assert response.status_code == 400
    assert "UTF-8" in response.json()["detail"]
    assert_nothing_stored(disk)


def test_metadata_sent_as_a_file_part_has_the_text_limit(world, sender, disk, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    big = json.dumps(_metadata(world, formName="x" * 2000)).encode()
    from openvorgang.testing.multipart import body, part

    raw = body(part("metadata", big, filename=b"metadata.json", media="application/json"))
    response = _post_raw(raw, key="big")
    assert response.status_code == 413
    assert_nothing_stored(disk)
