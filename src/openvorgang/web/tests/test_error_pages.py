"""Errors show a generic page (or problem+json) with a reference id that is also the request
id in the logs; never a trace, never personal data."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from openvorgang.ops import views as ops_views


@pytest.fixture
def broken(monkeypatch):
    def explode(request):
        raise RuntimeError("Geheimnis Jürgen Schäfer, Musterweg 1")

    monkeypatch.setattr(ops_views, "healthz", explode)
    monkeypatch.setattr(ops_views, "readyz", explode)


def test_html_error_page_with_reference(db, broken):
    answer = Client(raise_request_exception=False).get("/healthz")
    page = answer.content.decode()
    assert answer.status_code == 500
    reference = answer["X-Request-ID"]
    assert reference in page
    assert "Traceback" not in page
    assert "Schäfer" not in page
    assert "RuntimeError" not in page


def test_api_error_is_problem_json(world, monkeypatch):
    from rest_framework.test import APIClient

    from openvorgang.cases.api import views as case_api

    def explode(*args, **kwargs):
        raise RuntimeError("GEHEIM-XYZ")

    monkeypatch.setattr(case_api.CaseListView, "get", explode)
    client = APIClient(raise_request_exception=False)
    client.force_authenticate(world.caseworker)
    answer = client.get("/api/v1/cases")
    assert answer.status_code == 500
    assert answer["Content-Type"] == "application/problem+json"
    body = json.loads(answer.content)
    assert body["status"] == 500
    assert answer["X-Request-ID"] in body["detail"]
    assert "GEHEIM-XYZ" not in answer.content.decode()
