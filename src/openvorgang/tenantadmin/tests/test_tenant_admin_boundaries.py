"""Tenant admins manage users and roles, org units and senders of their own tenant only."""

from __future__ import annotations

import pytest
from django.test import Client

from openvorgang.accounts.models import Role, User
from openvorgang.intake.models import Sender
from openvorgang.tenants.models import OrgUnit

PAGES = [
    "/verwaltung/benutzer/",
    "/verwaltung/benutzer/neu/",
    "/verwaltung/organisationseinheiten/",
    "/verwaltung/absender/",
]


def _client(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("who", ["caseworker", "poststelle", "deleter", "operator"])
@pytest.mark.parametrize("page", PAGES)
def test_others_get_404(world, who, page):
    assert _client(getattr(world, who)).get(page).status_code == 404


def test_admin_creates_user_with_roles_and_invitation(world):
    client = _client(world.admin)
    answer = client.post(
        "/verwaltung/benutzer/neu/",
        {
            "username": "neu.sb",
            "first_name": "Nina",
            "last_name": "Neu",
            "email": "n@x.example",
            "roles": ["sachbearbeitung"],
            "org_units": [world.unit.pk],
            "is_active": "on",
        },
    )
    assert "/einladung/" in answer.content.decode()
    person = User.objects.get(username="neu.sb")
    assert (person.tenant, person.roles) == (world.tenant, ["sachbearbeitung"])
    assert list(person.org_units.all()) == [world.unit]


def test_a_caseworker_without_org_unit_is_refused_with_a_message_and_the_input_kept(world):
    client = _client(world.admin)
    answer = client.post(
        "/verwaltung/benutzer/neu/",
        {
            "username": "ohne.einheit",
            "first_name": "Olga",
            "roles": ["sachbearbeitung"],
            "is_active": "on",
        },
    )
    page = answer.content.decode()
    assert answer.status_code == 200
    assert "braucht mindestens eine Organisationseinheit" in page
    assert 'value="ohne.einheit"' in page
    assert 'value="Olga"' in page
    assert not User.objects.filter(username="ohne.einheit").exists()


def test_admin_cannot_grant_land_role_use_foreign_units_or_edit_foreign_users(world):
    client = _client(world.admin)
    answer = client.post(
        "/verwaltung/benutzer/neu/",
        {
            "username": "boese",
            "roles": ["land_betrieb"],
            "org_units": [world.foreign_unit.pk],
            "is_active": "on",
        },
    )
    assert answer.status_code == 200
    assert not User.objects.filter(username="boese").exists()
    assert client.get(f"/verwaltung/benutzer/{world.foreign_caseworker.pk}/").status_code == 404


def test_admin_cannot_lock_themselves_out(world):
    client = _client(world.admin)
    answer = client.post(
        f"/verwaltung/benutzer/{world.admin.pk}/",
        {"username": world.admin.username, "roles": ["sachbearbeitung"], "is_active": "on"},
    )
    assert "nicht selbst entziehen" in answer.content.decode()
    world.admin.refresh_from_db()
    assert world.admin.has_role(Role.MANDANTEN_ADMIN)


def test_org_units_and_foreign_ids(world):
    client = _client(world.admin)
    client.post(
        "/verwaltung/organisationseinheiten/",
        {"name": "Standesamt", "oe_id": "mh-standesamt", "active": "on"},
    )
    assert OrgUnit.objects.get(oe_id="mh-standesamt").tenant == world.tenant
    taken = client.post(
        "/verwaltung/organisationseinheiten/",
        {"name": "Klau", "oe_id": world.foreign_unit.oe_id, "active": "on"},
    )
    assert "gehört einem anderen Mandanten" in taken.content.decode()
    world.foreign_unit.refresh_from_db()
    assert world.foreign_unit.name == "Ordnungsamt"


def test_senders_token_once_and_blocking(world):
    client = _client(world.admin)
    page = client.post("/verwaltung/absender/", {"name": "Gover", "networks": "10.0.0.0/8"})
    token = page.context["token"]
    assert token.startswith("ov_")
    sender = Sender.objects.get(name="Gover")
    assert (sender.tenant, sender.networks) == (world.tenant, ["10.0.0.0/8"])
    assert token not in client.get("/verwaltung/absender/").content.decode()
    client.post(f"/verwaltung/absender/{sender.pk}/sperren/")
    sender.refresh_from_db()
    assert sender.active is False
    foreign = Sender.objects.create(tenant=world.foreign_tenant, name="F", token_hash="x" * 64)
    assert client.post(f"/verwaltung/absender/{foreign.pk}/sperren/").status_code == 404
    bad = client.post("/verwaltung/absender/", {"name": "X", "networks": "kein-netz"})
    assert "Kein gültiges Netz" in bad.content.decode()


def test_the_user_list_names_roles_as_people_read_them(world):
    page = _client(world.admin).get("/verwaltung/benutzer/").content.decode()
    assert "Mandanten-Admin" in page
    assert "mandanten_admin" not in page
