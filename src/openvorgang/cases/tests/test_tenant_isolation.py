"""Cross-tenant and cross-role isolation: every read and write path for cases, in the API and
the web UI, answers 404 to a user who may not see the case, and changes nothing."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone
from rest_framework.test import APIClient

from openvorgang.cases.models import Case, CaseEvent, CaseStatus
from openvorgang.cases.workflow import ACTIONS
from openvorgang.casework.models import Comment, FollowUp
from openvorgang.casework.services import comment_add, follow_up_add
from openvorgang.records.models import Export
from openvorgang.testing.factories import make_case
from openvorgang.textmodules.models import TextModule

API_PATHS = [
    ("get", "/api/v1/cases/{case}"),
    ("get", "/api/v1/cases/{case}/files/{file}"),
    *[("post", f"/api/v1/cases/{{case}}/actions/{action}") for action in ACTIONS],
    ("put", "/api/v1/cases/{case}/assignee"),
    ("put", "/api/v1/cases/{case}/file-number"),
    ("post", "/api/v1/cases/{case}/undo"),
]
UI_PATHS = [
    ("get", "/vorgaenge/{case}/"),
    ("get", "/vorgaenge/{case}/dateien/{file}/"),
    *[("get", f"/vorgaenge/{{case}}/aktion/{action}/") for action in ACTIONS],
    *[("post", f"/vorgaenge/{{case}}/aktion/{action}/") for action in ACTIONS],
    ("post", "/vorgaenge/{case}/zuweisen/"),
    ("post", "/vorgaenge/{case}/aktenzeichen/"),
    ("get", "/vorgaenge/{case}/drucken/"),
    ("get", "/vorgaenge/{case}/verlauf/"),
    ("post", "/vorgaenge/{case}/rueckgaengig/"),
    ("get", "/vorgaenge/{case}/weiterleiten/"),
    ("post", "/vorgaenge/{case}/weiterleiten/"),
    ("get", "/vorgaenge/clearing/{case}/"),
    ("post", "/vorgaenge/{case}/kommentare/"),
    ("post", "/vorgaenge/{case}/kommentare/{comment}/"),
    ("post", "/vorgaenge/{case}/wiedervorlagen/"),
    ("post", "/vorgaenge/{case}/nachrichten/"),
    ("post", "/vorgaenge/{case}/nachrichten/gelesen/"),
    ("post", "/vorgaenge/{case}/wiedervorlagen/{followup}/"),
    ("post", "/vorgaenge/clearing/{case}/"),
    ("post", "/vorgaenge/{case}/bescheid/vorschau/"),
    ("post", "/vorgaenge/{case}/bescheid/"),
    ("post", "/vorgaenge/{case}/bescheid/hochladen/"),
    ("post", "/vorgaenge/{case}/bescheid/extern/"),
    ("post", "/vorgaenge/{case}/frist/vollstaendig/"),
    ("post", "/vorgaenge/{case}/frist/hemmen/"),
    ("post", "/vorgaenge/{case}/frist/fortsetzen/"),
    ("post", "/vorgaenge/{case}/frist/verlaengern/"),
    ("post", "/vorgaenge/{case}/nachforderung/"),
    ("get", "/vorgaenge/{case}/textbausteine/{textmodule}/"),
    ("post", "/vorgaenge/{case}/veraktung/"),
    ("post", "/vorgaenge/{case}/uebergabe/"),
    ("post", "/vorgaenge/{case}/exporte/{export}/wiederholen/"),
]
# Endpoints for machines with a connector token (not users); their tenant and service scope is
# tested in records/tests/test_export_flow.py::test_pull_api_scope.
CONNECTOR_PATHS = [
    ("get", "/api/v1/fachverfahren/cases/{case}"),
    ("get", "/api/v1/fachverfahren/cases/{case}/files/{file}"),
]
BODY = {"reason": "Test", "assignee": None, "file_number": "X-1", "confirmed": "1"}
OUTSIDERS = [
    "foreign_caseworker",
    "foreign_poststelle",
    "admin",
    "operator",
    "other_unit_caseworker",
]


def _case_patterns(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _case_patterns(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern) and "case_id" in str(entry.pattern):
            yield prefix + str(entry.pattern)


def _canonical(route: str) -> str:
    route = re.sub(r"<[^>]+>|\{[a-z]+\}", "*", route.lstrip("/"))
    return re.sub(
        r"/({})/?".format("|".join(ACTIONS)),
        lambda m: "/*" + ("/" if m.group(0).endswith("/") else ""),
        route,
    )


def test_every_case_url_is_covered_by_this_test():
    """A new case endpoint must be added to the lists above (and so be tested for isolation)."""
    covered = {_canonical(path) for _, path in API_PATHS + UI_PATHS + CONNECTOR_PATHS}
    patterns = {_canonical(route) for route in _case_patterns()}
    assert patterns
    assert patterns <= covered, patterns - covered


@pytest.fixture
def guarded_case(world):
    """A case in progress, assigned, of the caseworker's org unit: visible to the caseworker
    only; the mail room no longer sees it."""
    case = make_case(
        org_unit=world.unit, status=CaseStatus.IN_BEARBEITUNG, assignee=world.caseworker
    )
    return case, case.files.first()


def _snapshot(case):
    fresh = Case.objects.get(pk=case.pk)
    return (
        fresh.status,
        fresh.version,
        fresh.assignee_id,
        fresh.file_number,
        CaseEvent.objects.filter(case=case).count(),
    )


@pytest.mark.parametrize("who", OUTSIDERS)
@pytest.mark.parametrize(("method", "path"), API_PATHS)
def test_api_paths_answer_404_to_outsiders(world, guarded_case, who, method, path):
    case, case_file = guarded_case
    before = _snapshot(case)
    client = APIClient()
    client.force_authenticate(getattr(world, who))
    url = path.format(case=case.pk, file=case_file.pk)
    response = (
        getattr(client, method)(url, BODY, format="json") if method != "get" else client.get(url)
    )
    assert response.status_code == 404, response.content
    assert response["Content-Type"].startswith("application/problem+json")
    assert _snapshot(case) == before


@pytest.mark.parametrize("who", OUTSIDERS)
@pytest.mark.parametrize(("method", "path"), UI_PATHS)
def test_ui_paths_answer_404_to_outsiders(world, guarded_case, who, method, path):
    case, case_file = guarded_case
    comment = comment_add(case=case, actor=world.caseworker, text="intern")
    follow_up = follow_up_add(
        case=case, actor=world.caseworker, subject="Nachfassen", due_on=timezone.localdate()
    )
    before = (_snapshot(case), Comment.objects.count(), FollowUp.objects.count())
    client = Client()
    client.force_login(getattr(world, who))
    export = Export.objects.create(
        case=case,
        purpose="dms",
        export_format="xdomea",
        state="failed",
        file_name="x.zip",
        actor_name="x",
        created_at=timezone.now(),
    )
    module = TextModule.objects.create(tenant=case.tenant, name=f"T{export.pk}", body="x")
    url = path.format(
        case=case.pk,
        file=case_file.pk,
        comment=comment.pk,
        followup=follow_up.pk,
        export=export.pk,
        textmodule=module.pk,
    )
    body = {
        "reason": "x",
        "confirmed": "1",
        "text": "fremd",
        "betreff": "x",
        "faellig": "2030-01-01",
    }
    response = client.get(url) if method == "get" else client.post(url, body)
    assert response.status_code == 404
    assert (_snapshot(case), Comment.objects.count(), FollowUp.objects.count()) == before
    comment.refresh_from_db()
    follow_up.refresh_from_db()
    assert (comment.text, follow_up.done_at) == ("intern", None)


def test_the_owner_reaches_the_same_paths(world, guarded_case):
    """The negative tests above are meaningful: the rightful user gets through."""
    case, case_file = guarded_case
    client = APIClient()
    client.force_authenticate(world.caseworker)
    assert client.get(f"/api/v1/cases/{case.pk}").status_code == 200
    assert client.get(f"/api/v1/cases/{case.pk}/files/{case_file.pk}").status_code == 200
    ui = Client()
    ui.force_login(world.caseworker)
    assert ui.get(f"/vorgaenge/{case.pk}/").status_code == 200


@pytest.mark.parametrize("who", OUTSIDERS)
def test_lists_do_not_show_foreign_cases(world, guarded_case, who):
    case, _ = guarded_case
    client = APIClient()
    client.force_authenticate(getattr(world, who))
    response = client.get("/api/v1/cases")
    assert response.status_code == 200
    assert str(case.pk) not in {row["id"] for row in response.json()["results"]}
    ui = Client()
    ui.force_login(getattr(world, who))
    page = ui.get("/vorgaenge/")
    assert case.number not in page.content.decode()


def test_anonymous_gets_401_from_the_api_and_the_login_page_from_the_ui(world, guarded_case):
    case, _ = guarded_case
    response = APIClient().get(f"/api/v1/cases/{case.pk}")
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/problem+json")
    page = Client().get(f"/vorgaenge/{case.pk}/")
    assert page.status_code == 302
    assert page["Location"].startswith("/anmelden/")


@pytest.mark.parametrize(
    "path", ["actions/annehmen", "actions/zaubern", "assignee", "file-number", "undo"]
)
def test_outsiders_get_404_even_with_a_bad_body(world, guarded_case, path):
    case, _ = guarded_case
    client = APIClient()
    client.force_authenticate(world.foreign_caseworker)
    method = client.put if path in ("assignee", "file-number") else client.post
    response = method(f"/api/v1/cases/{case.pk}/{path}", {"version": "kaputt"}, format="json")
    assert response.status_code == 404
