"""Deny by default, per role: every URL pattern outside the case pages (which
``cases/tests/test_tenant_isolation.py`` walks for every outsider) is requested as each role of
a tenant and as the administrator of another tenant, with the ids of real objects of the
first tenant. Each route's entry in ACCESS says who gets the page; everyone else must get
403, 404 or 405 — and a route missing from ACCESS fails, so a new view is decided here."""

from __future__ import annotations

import re
import uuid

import pytest
from django.test import Client
from rest_framework.test import APIClient

from openvorgang.accounts.models import Role
from openvorgang.decisions.models import DecisionKind, DecisionTemplate
from openvorgang.directory.models import Region, Responsibility, RuleSuggestion, Service
from openvorgang.intake.models import Sender
from openvorgang.records.models import Connector, Purpose
from openvorgang.testing.factories import UserFactory
from openvorgang.textmodules.models import TextModule
from openvorgang.web.models import SavedView
from openvorgang.web.tests.test_deny_by_default import MACHINE, PUBLIC, ROUTES
from openvorgang.webhooks.models import Subscription

WHO = ["poststelle", "caseworker", "other_unit_caseworker", "deleter", "admin", "operator"]
FOREIGN_ADMIN = "foreign_admin"
EVERYONE = frozenset([*WHO, FOREIGN_ADMIN])
ADMIN_OWN = frozenset(["admin"])  # the admin of the tenant whose object is in the URL
ADMIN_ANY = frozenset(["admin", FOREIGN_ADMIN])  # each admin sees their own tenant's screen
LAND = frozenset(["operator"])
ADMINS_AND_LAND = ADMIN_ANY | LAND
GET_ONLY = "get-only"  # POST: 405 for everyone
POST_ONLY = "post-only"  # GET: 405 for everyone
SENDER_TOKEN = "sender-token"  # machine endpoints: 401 to every user session

# route -> (who gets the page with GET, who may POST); everyone else gets 403 or 404.
ACCESS: dict[str, tuple[frozenset[str] | str, frozenset[str] | str]] = {
    "api/v1/cases": (EVERYONE, GET_ONLY),  # each sees only their cases
    "api/v1/routing": (SENDER_TOKEN, SENDER_TOKEN),
    "api/v1/submissions": (SENDER_TOKEN, SENDER_TOKEN),
    "api/v1/uploads": (SENDER_TOKEN, SENDER_TOKEN),
    "benachrichtigungen/": (EVERYONE, EVERYONE),
    "benachrichtigungen/einstellungen/": (EVERYONE, EVERYONE),
    "konto/zwei-faktor/": (EVERYONE, EVERYONE),
    # each records their own absence (the Land operator has no tenant of cases: also own)
    "konto/abwesenheit/": (EVERYONE, EVERYONE),
    "verwaltung/abwesenheiten/": (ADMIN_ANY, ADMIN_ANY),
    "statistik/": (EVERYONE - {"deleter"}, GET_ONLY),
    "suche/": (EVERYONE, GET_ONLY),
    "verwaltung/": (ADMINS_AND_LAND, ADMINS_AND_LAND),
    "verwaltung/absender/": (ADMIN_ANY, ADMIN_ANY),
    "verwaltung/absender/<int:pk>/sperren/": (POST_ONLY, ADMIN_OWN),
    "verwaltung/anbindungen/": (ADMIN_ANY, ADMIN_ANY),
    "verwaltung/anbindungen/<int:pk>/": (ADMIN_OWN, ADMIN_OWN),
    "verwaltung/anbindungen/<int:pk>/token/": (POST_ONLY, ADMIN_OWN),
    "verwaltung/anbindungen/neu/": (ADMIN_ANY, ADMIN_ANY),
    "verwaltung/aufbewahrung/": (ADMIN_ANY, ADMIN_ANY),
    "verwaltung/benutzer/": (ADMIN_ANY, GET_ONLY),
    "verwaltung/benutzer/<int:pk>/": (ADMIN_OWN, ADMIN_OWN),
    "verwaltung/benutzer/neu/": (ADMIN_ANY, ADMIN_ANY),
    "verwaltung/bescheidvorlagen/": (ADMIN_ANY, GET_ONLY),
    "verwaltung/bescheidvorlagen/<int:pk>/": (ADMIN_OWN, ADMIN_OWN),
    "verwaltung/bescheidvorlagen/neu/": (ADMIN_ANY, ADMIN_ANY),
    "verwaltung/bescheidvorlagen/vorschau/": (POST_ONLY, ADMIN_ANY),
    "verwaltung/fristen/": (ADMIN_ANY, ADMIN_ANY),
    "verwaltung/nachforderungen/": (ADMIN_ANY, ADMIN_ANY),
    "verwaltung/textbausteine/": (ADMIN_ANY, GET_ONLY),
    "verwaltung/textbausteine/<int:pk>/": (ADMIN_OWN, ADMIN_OWN),
    "verwaltung/textbausteine/<int:pk>/loeschen/": (POST_ONLY, ADMIN_OWN),
    "verwaltung/textbausteine/neu/": (ADMIN_ANY, ADMIN_ANY),
    "verwaltung/mandanten/<int:pk>/aktiv/": (POST_ONLY, LAND),
    "verwaltung/mandanten/neu/": (LAND, LAND),
    "verwaltung/organisationseinheiten/": (ADMIN_ANY, ADMIN_ANY),
    "verwaltung/protokoll/": (ADMIN_ANY, GET_ONLY),
    "verwaltung/versand/": (ADMIN_ANY, ADMIN_ANY),
    "verwaltung/webhooks/": (ADMIN_ANY, GET_ONLY),
    "verwaltung/webhooks/<int:pk>/": (ADMIN_OWN, ADMIN_OWN),
    "verwaltung/webhooks/neu/": (ADMIN_ANY, ADMIN_ANY),
    "verwaltung/zustaendigkeiten/": (ADMINS_AND_LAND, ADMINS_AND_LAND),
    "verwaltung/zustaendigkeiten/export/": (ADMINS_AND_LAND, GET_ONLY),
    # deadline rules: the Land's and any tenant's by the operator, a tenant's own by its admin
    "verwaltung/zustaendigkeiten/fristen/": (ADMINS_AND_LAND, ADMINS_AND_LAND),
    "verwaltung/zustaendigkeiten/fristen/<str:leika_key>/": (ADMINS_AND_LAND, GET_ONLY),
    "verwaltung/zustaendigkeiten/import/": (ADMINS_AND_LAND, ADMINS_AND_LAND),
    # the Land operator keeps the directory of all tenants; a tenant admin only their own
    "verwaltung/zustaendigkeiten/regeln/<int:rule_id>/aktiv/": (POST_ONLY, ADMIN_OWN | LAND),
    "verwaltung/zustaendigkeiten/vorschlaege/<int:suggestion_id>/": (POST_ONLY, ADMIN_OWN | LAND),
    "vorgaenge/": (EVERYONE, GET_ONLY),
    "vorgaenge/ansichten/": (POST_ONLY, EVERYONE),  # each saves their own
    "vorgaenge/ansichten/<int:view_id>/loeschen/": (POST_ONLY, frozenset(["caseworker"])),
    "vorgaenge/clearing/": (frozenset(["poststelle", "operator"]), GET_ONLY),
    "vorgaenge/loeschfreigabe/": (frozenset(["deleter"]), frozenset(["deleter"])),
    "vorgaenge/sammelaktion/": (POST_ONLY, EVERYONE),  # acts only on the user's own cases
    "vorgaenge/weitergeleitet/": (EVERYONE, GET_ONLY),
}

WALKED = [
    r
    for r in ROUTES
    if "case_id" not in r
    and r not in PUBLIC
    and r not in MACHINE
    and not r.startswith(("anmelden/", "api/v1/fachverfahren/", "api/v1/xdomea/"))
]


def _objects(world) -> dict[str, object]:
    """One object of each kind an admin URL names, all of the first tenant."""
    region, _ = Region.objects.get_or_create(
        ars="010020000000", defaults={"name": "Kiel", "kind": "kreisfreie_stadt"}
    )
    service, _ = Service.objects.get_or_create(
        leika_key="99050012104000", defaults={"name": "Gewerbeanmeldung"}
    )
    rule, _ = Responsibility.objects.get_or_create(
        service=service, region=region, org_unit=world.unit
    )
    suggestion = RuleSuggestion.objects.create(
        leika_key=service.leika_key,
        region_ars=region.ars,
        org_unit=world.unit,
        case_number="MH-1",
        suggested_by="sb",
    )
    return {
        "verwaltung/anbindungen/": Connector.objects.create(
            tenant=world.tenant,
            name="E-Akte",
            purpose=Purpose.DMS,
            kind="dropfolder",
            target="/nonexistent",
        ).pk,
        "verwaltung/benutzer/": world.caseworker.pk,
        "verwaltung/textbausteine/": TextModule.objects.create(
            tenant=world.tenant, name=f"Gruß {uuid.uuid4()}", body="Guten Tag"
        ).pk,
        "verwaltung/bescheidvorlagen/": DecisionTemplate.objects.create(
            tenant=world.tenant, kind=DecisionKind.APPROVAL, name="B", subject="S", body="T"
        ).pk,
        "verwaltung/mandanten/": world.tenant.pk,
        "verwaltung/webhooks/": Subscription.objects.create(
            tenant=world.tenant, name="FV", url="https://fv.example/", secret="x", events=[]
        ).pk,
        "verwaltung/absender/": Sender.objects.create(
            tenant=world.tenant, name=f"S{uuid.uuid4()}", token_hash=uuid.uuid4().hex * 2
        ).pk,
        "rule_id": rule.pk,
        "view_id": SavedView.objects.create(
            tenant=world.tenant, owner=world.caseworker, name=f"V{uuid.uuid4()}", query=""
        ).pk,
        "suggestion_id": suggestion.pk,
        "leika_key": service.leika_key,
    }


@pytest.fixture
def objects(world):
    return _objects(world)


def _url(route: str, objects: dict[str, object]) -> str:
    def fill(match: re.Match[str]) -> str:
        name = match.group(1)
        if name == "pk":
            prefix = next(p for p in objects if route.startswith(p))
            return str(objects[prefix])
        return str(objects[name])

    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", fill, route)


@pytest.fixture
def people(world):
    people = {who: getattr(world, who) for who in WHO}
    people[FOREIGN_ADMIN] = UserFactory(
        tenant=world.foreign_tenant, username="fremdadmin", roles=[Role.MANDANTEN_ADMIN]
    )
    return people


def _client(route: str, user) -> Client:
    client: Client = APIClient() if route.startswith("api/") else Client()
    client.force_login(user)
    return client


def test_every_walked_route_is_decided():
    assert set(WALKED) - set(ACCESS) == set(), "add the new route to ACCESS"


def _expect(allowed: frozenset[str] | str, who: str, status: int, *, method: str) -> None:
    if allowed == SENDER_TOKEN:
        assert status == 401, (who, status)
    elif allowed in (GET_ONLY, POST_ONLY):
        assert status == 405, (who, status)
    elif who in allowed:
        ok = {200} if method == "get" else {200, 302, 400}
        assert status in ok, (who, status)
    else:
        assert status in (403, 404), (who, status)


@pytest.mark.parametrize("route", WALKED)
def test_get_as_each_role(world, objects, people, route):
    allowed, _ = ACCESS[route]
    for who, user in people.items():
        status = _client(route, user).get(_url(route, objects)).status_code
        _expect(allowed, who, status, method="get")


@pytest.mark.parametrize("route", WALKED)
def test_post_as_each_role(world, objects, people, route):
    _, allowed = ACCESS[route]
    # those who may not act first: they find everything as it was
    order = sorted(people, key=lambda who: isinstance(allowed, frozenset) and who in allowed)
    for who in order:
        if isinstance(allowed, frozenset) and who in allowed:
            objects = _objects(world)  # fresh ones: an earlier POST may have used them up
        status = _client(route, people[who]).post(_url(route, objects), {"x": "1"}).status_code
        _expect(allowed, who, status, method="post")
