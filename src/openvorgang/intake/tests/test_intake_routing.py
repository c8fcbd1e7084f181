"""Every channel routes through the directory and stores the decision with the case."""

from __future__ import annotations

import io
import json

import pytest
from django.test import Client
from rest_framework.test import APIClient

from openvorgang.accounts.tokens import hash_token
from openvorgang.cases.models import Case, CaseEvent, EventKind
from openvorgang.cases.templatetags.case_tags import event_summary
from openvorgang.directory.tests.conftest import AMT, DORF, GEWERBE, STADT, directory  # noqa: F401
from openvorgang.intake.models import Sender
from openvorgang.testing.factories import PDF_BYTES, UserFactory

TOKEN = "ov_routing-test-token-0123456789abcdef"


@pytest.fixture
def sender(db):
    return Sender.objects.create(name="Formularserver", token_hash=hash_token(TOKEN))


def _ozg(control):
    body = {
        "control": {"transactionId": "tx-r", "leikaIds": [GEWERBE], "name": "Gewerbe", **control},
        "formData": [{"name": "betrieb", "label": "Betrieb", "formItems": [
            {"name": "ags", "label": "Gemeindeschlüssel", "stringValue": "01058001"},
        ]}],
    }  # fmt: skip
    return Client().post(
        "/antrag",
        {"formData": json.dumps(body), "representation": io.BytesIO(PDF_BYTES)},
        HTTP_AUTHORIZATION=f"Bearer {TOKEN}",
    )


def test_ozg_submission_is_routed_by_rule_and_explained(directory, sender):  # noqa: F811
    rule = directory.rule(GEWERBE, AMT, directory.amt_ordnung)
    response = _ozg({})  # no org unit id; the Gemeinde key comes from the form
    assert response.status_code == 200
    case = Case.objects.get()
    assert (case.tenant, case.org_unit, case.region_key) == (
        directory.amt,
        directory.amt_ordnung,
        DORF,
    )
    assert case.routing["ruleId"] == rule.pk
    assert case.routing["step"] == "rule"
    created = CaseEvent.objects.get(case=case, kind=EventKind.CREATED)
    assert created.after["routing"] == case.routing["explanation"]
    assert f"nach Zuständigkeitsregel #{rule.pk}" in event_summary(created)


def test_ozg_region_key_in_control_beats_the_form_field(directory, sender):  # noqa: F811
    directory.rule(GEWERBE, AMT, directory.amt_ordnung)
    directory.rule(GEWERBE, STADT, directory.stadt_gewerbe)
    assert _ozg({"ars": STADT}).status_code == 200
    assert Case.objects.get().org_unit == directory.stadt_gewerbe


def test_ambiguous_submission_waits_in_the_tenants_clearing(directory, sender):  # noqa: F811
    directory.rule(GEWERBE, AMT, directory.amt_ordnung)
    directory.rule(GEWERBE, AMT, directory.amt_finanzen)
    assert _ozg({}).status_code == 200
    case = Case.objects.get()
    assert (case.tenant, case.org_unit, case.in_clearing) == (directory.amt, None, True)
    assert len(case.routing["candidates"]) == 2


def test_native_api_answers_with_the_routing(directory, sender):  # noqa: F811
    directory.rule(GEWERBE, STADT, directory.stadt_gewerbe)
    metadata = {"serviceKeys": [GEWERBE], "regionKey": STADT, "formName": "Gewerbe"}
    response = Client().post(
        "/api/v1/submissions",
        json.dumps(metadata),
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="r-1",
        HTTP_AUTHORIZATION=f"Bearer {TOKEN}",
    )
    assert response.status_code == 201
    body = response.json()
    assert (body["orgUnitId"], body["clearing"]) == ("kiel-gew", False)
    assert "Zuständigkeitsregel" in body["routing"]


def test_routing_lookup_api(directory, sender):  # noqa: F811
    rule = directory.rule(GEWERBE, AMT, directory.amt_ordnung)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    answer = api.get("/api/v1/routing", {"leika": GEWERBE, "ars": "01058001"})
    assert answer.status_code == 200
    body = answer.json()
    assert body["orgUnit"] == {
        "id": directory.amt_ordnung.pk,
        "oeId": "amt-ordnung",
        "name": "Ordnungsamt",
    }
    assert (body["ruleId"], body["region"]["ars"], body["step"]) == (rule.pk, DORF, "rule")
    assert api.get("/api/v1/routing", {"leika": "123"}).json()["detail"] == (
        "Ungültiger LeiKa-Schlüssel: 123"
    )
    assert api.get("/api/v1/routing", {"ars": STADT}).status_code == 400
    assert APIClient().get("/api/v1/routing", {"leika": GEWERBE}).status_code == 401
    # a tenant-bound sender gets answers within its tenant only
    Sender.objects.filter(pk=sender.pk).update(tenant=directory.stadt)
    Sender.objects.get(pk=sender.pk).save()  # clears the token cache
    bound = api.get("/api/v1/routing", {"leika": GEWERBE, "ars": DORF}).json()
    assert bound["orgUnit"] is None
    assert bound["tenant"]["id"] == directory.stadt.pk


def test_routing_lookup_for_signed_in_api_users(directory):  # noqa: F811
    from openvorgang.accounts.services import api_token_create

    user = UserFactory(tenant=directory.stadt)
    _, raw = api_token_create(user=user, name="t")
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {raw}")
    assert api.get("/api/v1/routing", {"leika": GEWERBE}).status_code == 200


def test_openapi_documents_the_routing_lookup(db):
    schema = Client().get("/api/schema/", HTTP_ACCEPT="application/json").json()
    assert "routing_lookup" in json.dumps(schema["paths"]["/api/v1/routing"])
