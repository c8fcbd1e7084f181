"""The REST API: list with filters and keyset pagination, detail, download, actions, token
authentication, problem+json errors and the OpenAPI document."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from openvorgang.accounts.services import api_token_create
from openvorgang.cases.models import CaseStatus
from openvorgang.testing.factories import PDF_BYTES, make_case


@pytest.fixture
def caseworker_api(world):
    _, raw = api_token_create(user=world.caseworker)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {raw}")
    return client


def _ids(response):
    return [row["id"] for row in response.json()["results"]]


def test_token_authentication(world, caseworker_api):
    assert caseworker_api.get("/api/v1/cases").status_code == 200
    bad = APIClient()
    bad.credentials(HTTP_AUTHORIZATION="Token ov_falsch")
    response = bad.get("/api/v1/cases")
    assert response.status_code == 401
    assert response.json()["detail"] == "Ungültiges oder widerrufenes Token."


def test_revoked_token_is_refused(world):
    token, raw = api_token_create(user=world.caseworker)
    token.revoked_at = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    token.save()
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {raw}")
    assert client.get("/api/v1/cases").status_code == 401


def test_list_is_newest_first_with_keyset_pages(world, caseworker_api):
    base = dt.datetime(2026, 4, 1, 8, tzinfo=dt.UTC)
    cases = [
        make_case(org_unit=world.unit, received_at=base + dt.timedelta(hours=i), files=False)
        for i in range(5)
    ]
    first = caseworker_api.get("/api/v1/cases", {"limit": 2})
    assert _ids(first) == [str(cases[4].pk), str(cases[3].pk)]
    second = caseworker_api.get("/api/v1/cases", {"limit": 2, "cursor": first.json()["next"]})
    assert _ids(second) == [str(cases[2].pk), str(cases[1].pk)]
    third = caseworker_api.get("/api/v1/cases", {"limit": 2, "cursor": second.json()["next"]})
    assert _ids(third) == [str(cases[0].pk)]
    assert third.json()["next"] is None


def test_list_filters(world, caseworker_api):
    new = make_case(org_unit=world.unit, files=False)
    mine = make_case(
        org_unit=world.unit,
        status=CaseStatus.IN_BEARBEITUNG,
        assignee=world.caseworker,
        files=False,
    )
    other_service = make_case(
        org_unit=world.unit,
        leika_keys=["99102013104000"],
        files=False,
        received_at=dt.datetime(2025, 12, 24, 12, tzinfo=dt.UTC),
    )
    assert set(_ids(caseworker_api.get("/api/v1/cases", {"status": "NEU"}))) == {
        str(new.pk),
        str(other_service.pk),
    }
    assert _ids(caseworker_api.get("/api/v1/cases", {"assignee": "me"})) == [str(mine.pk)]
    assert _ids(caseworker_api.get("/api/v1/cases", {"assignee": world.caseworker.username})) == [
        str(mine.pk)
    ]
    assert _ids(caseworker_api.get("/api/v1/cases", {"service_key": "99102013104000"})) == [
        str(other_service.pk)
    ]
    assert _ids(
        caseworker_api.get(
            "/api/v1/cases", {"received_from": "2025-12-24", "received_to": "2025-12-24"}
        )
    ) == [str(other_service.pk)]
    assert _ids(caseworker_api.get("/api/v1/cases", {"org_unit": world.other_unit.oe_id})) == []
    assert len(_ids(caseworker_api.get("/api/v1/cases", {"org_unit": world.unit.oe_id}))) == 3


@pytest.mark.parametrize(
    "params",
    [
        {"status": "KAPUTT"},
        {"received_from": "gestern"},
        {"limit": "0"},
        {"limit": "1000"},
        {"cursor": "kein-cursor"},
        {"service_key": "12"},
        {"channel": "brieftaube"},
    ],
)
def test_bad_list_parameters_are_400_problems(world, caseworker_api, params):
    response = caseworker_api.get("/api/v1/cases", params)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == 400
    assert body["title"]
    assert body["detail"]


def test_list_uses_a_bounded_number_of_queries(world, caseworker_api):
    for _ in range(3):
        make_case(org_unit=world.unit, assignee=world.caseworker, files=False)
    caseworker_api.get("/api/v1/cases")  # the first call records the token's last use
    with CaptureQueriesContext(connection) as few:
        caseworker_api.get("/api/v1/cases")
    for _ in range(12):
        make_case(org_unit=world.unit, assignee=world.colleague, files=False)
    with CaptureQueriesContext(connection) as many:
        caseworker_api.get("/api/v1/cases")
    assert len(many) == len(few) <= 6
    assert not any("COUNT(" in q["sql"].upper() for q in many.captured_queries)


def test_detail_has_everything(world, caseworker_api):
    case = make_case(org_unit=world.unit, applicant_name="Jürgen Schäfer")
    body = caseworker_api.get(f"/api/v1/cases/{case.pk}").json()
    assert body["number"] == case.number
    assert body["applicant"]["name"] == "Jürgen Schäfer"
    assert body["form_data"] == [
        {"name": "taetigkeit", "label": "Tätigkeit", "type": "string", "value": "Café"}
    ]
    assert {f["original_name"] for f in body["files"]} == {"Antrag.pdf", "notiz.txt"}
    assert body["history"][0]["kind"] == "created"
    assert set(body["actions"]) == {"annehmen", "verwerfen"}
    assert body["org_unit"] == {"oe_id": world.unit.oe_id, "name": world.unit.name}


def test_download_streams_the_stored_bytes(world, caseworker_api):
    case = make_case(org_unit=world.unit)
    pdf = case.files.get(kind="representation")
    response = caseworker_api.get(f"/api/v1/cases/{case.pk}/files/{pdf.pk}")
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    assert (
        hashlib.sha256(content).hexdigest() == pdf.sha256 == hashlib.sha256(PDF_BYTES).hexdigest()
    )
    assert 'attachment; filename="Antrag.pdf"' in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"


def test_actions_through_the_api(world, caseworker_api):
    case = make_case(org_unit=world.unit)
    response = caseworker_api.post(
        f"/api/v1/cases/{case.pk}/actions/annehmen", {"version": 1}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["event"]["after"] == {"status": "ANGENOMMEN"}
    stale = caseworker_api.post(
        f"/api/v1/cases/{case.pk}/actions/bearbeiten", {"version": 1}, format="json"
    )
    assert stale.status_code == 409
    assert stale.json()["type"].endswith("/conflict")
    invalid = caseworker_api.post(f"/api/v1/cases/{case.pk}/actions/abschliessen", format="json")
    assert invalid.status_code == 409
    assert "nicht möglich" in invalid.json()["detail"]
    unknown = caseworker_api.post(f"/api/v1/cases/{case.pk}/actions/zaubern", format="json")
    assert unknown.status_code == 404
    fresh = make_case(org_unit=world.unit)
    no_reason = caseworker_api.post(f"/api/v1/cases/{fresh.pk}/actions/verwerfen", format="json")
    assert no_reason.status_code == 400


def test_forbidden_role_gets_403(world):
    case = make_case(org_unit=world.unit, status=CaseStatus.ANGENOMMEN)
    client = APIClient()
    client.force_authenticate(world.poststelle)
    response = client.post(f"/api/v1/cases/{case.pk}/actions/bearbeiten", format="json")
    assert response.status_code == 403
    assert response.json()["type"].endswith("/forbidden")


def test_assign_file_number_and_undo_through_the_api(world, caseworker_api):
    case = make_case(org_unit=world.unit)
    assert (
        caseworker_api.put(
            f"/api/v1/cases/{case.pk}/assignee",
            {"assignee": world.colleague.username},
            format="json",
        ).status_code
        == 200
    )
    assert (
        caseworker_api.put(
            f"/api/v1/cases/{case.pk}/assignee",
            {"assignee": world.other_unit_caseworker.username},
            format="json",
        ).status_code
        == 400
    )
    assert (
        caseworker_api.put(
            f"/api/v1/cases/{case.pk}/assignee", {"assignee": "gibtsnicht"}, format="json"
        ).status_code
        == 400
    )
    assert (
        caseworker_api.put(
            f"/api/v1/cases/{case.pk}/file-number", {"file_number": "32.1/2026"}, format="json"
        ).status_code
        == 200
    )
    undo = caseworker_api.post(f"/api/v1/cases/{case.pk}/undo")
    assert undo.status_code == 200
    case.refresh_from_db()
    assert case.file_number == ""
    assert case.assignee == world.colleague
    assert caseworker_api.post(f"/api/v1/cases/{case.pk}/undo").status_code == 409


def test_malformed_json_is_a_400_problem(world, caseworker_api):
    case = make_case(org_unit=world.unit)
    response = caseworker_api.post(
        f"/api/v1/cases/{case.pk}/actions/annehmen", "{kaputt", content_type="application/json"
    )
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"


def test_unknown_api_url_is_a_404_problem(world, caseworker_api):
    response = caseworker_api.get("/api/v1/gibt-es-nicht")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


def test_openapi_document(db):
    response = APIClient().get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    paths = schema["paths"]
    for path in [
        "/api/v1/cases",
        "/api/v1/cases/{case_id}",
        "/api/v1/cases/{case_id}/files/{file_id}",
        "/api/v1/cases/{case_id}/actions/{action}",
    ]:
        assert path in paths
