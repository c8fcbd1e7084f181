"""Onboarding a tenant (command and screen): idempotent, ready to work, the admin invited."""

from __future__ import annotations

import io
import json
import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from openvorgang.accounts.models import Role, User
from openvorgang.jobs.worker import run_until_idle
from openvorgang.mailbox.models import DispatchSetting
from openvorgang.retention.models import RetentionSetting
from openvorgang.tenants.models import OrgUnit, Tenant

ARGS = [
    "tenant",
    "onboard",
    "--name",
    "Amt Lütjenburg",
    "--kind",
    "amt",
    "--ars",
    "010575727000",
    "--admin-email",
    "admin@luetjenburg.example",
]


def _onboard(*extra):
    out = io.StringIO()
    call_command(*ARGS, *extra, stdout=out)
    return json.loads(out.getvalue())


def test_onboard_is_idempotent_and_complete(db, mailoutbox):
    first = _onboard()
    again = _onboard()
    assert (first["created"], again["created"]) == (True, False)
    assert (first["admin"]["created"], again["admin"]["created"]) == (True, False)
    tenant = Tenant.objects.get()
    assert tenant.slug == first["tenant"]["slug"]
    assert OrgUnit.objects.filter(tenant=tenant, is_default=True).count() == 1
    assert DispatchSetting.objects.filter(tenant=tenant).count() == 1
    assert RetentionSetting.objects.filter(tenant=tenant).count() == 1
    admin = User.objects.get()
    assert admin.roles == [Role.MANDANTEN_ADMIN]
    assert not admin.has_usable_password()
    run_until_idle("test")
    assert len(mailoutbox) == 1  # invited once, not on the second run
    assert first["invitation"] in mailoutbox[0].body


def test_invitation_sets_the_password_once(db):
    link = _onboard("--no-mail")["invitation"]
    path = re.sub(r"^https?://[^/]+", "", link)
    client = Client()
    form = client.get(path, follow=True)
    assert "Passwort festlegen" in form.content.decode()
    target = form.redirect_chain[-1][0] if form.redirect_chain else path
    done = client.post(
        target,
        {"new_password1": "Ein-sicheres-Passwort-1", "new_password2": "Ein-sicheres-Passwort-1"},
    )
    assert done.status_code == 302
    assert Client().login(username="admin@luetjenburg.example", password="Ein-sicheres-Passwort-1")
    again = Client().get(path, follow=True).content.decode()
    assert "ungültig oder wurde schon benutzt" in again


def test_bad_input_is_explained(db):
    with pytest.raises(CommandError):
        call_command(*ARGS[:-1], "keine-mail", stdout=io.StringIO())
    with pytest.raises(CommandError):
        call_command(
            "tenant",
            "onboard",
            "--name",
            "X",
            "--kind",
            "amt",
            "--ars",
            "123",
            "--admin-email",
            "a@b.example",
            stdout=io.StringIO(),
        )
    assert not Tenant.objects.exists()


def test_screen_for_land_operators_only(world):
    client = Client()
    client.force_login(world.operator)
    answer = client.post(
        "/verwaltung/mandanten/neu/",
        {
            "name": "Gemeinde Neudorf",
            "kind": "gemeinde",
            "ars": "010575727001",
            "admin_email": "a@neudorf.example",
            "prefix": "",
        },
    )
    assert "Mandant angelegt" in answer.content.decode()
    assert "/einladung/" in answer.content.decode()
    for who in ("admin", "caseworker"):
        other = Client()
        other.force_login(getattr(world, who))
        assert other.get("/verwaltung/mandanten/neu/").status_code == 404


def test_deactivated_tenant_gets_no_new_cases(world, settings):
    from openvorgang.directory.routing import route

    world.tenant.active = False
    world.tenant.save()
    decision = route(oe_id=world.unit.oe_id, leika_keys=["99050012104000"])
    assert decision.org_unit_id is None
    assert decision.step == "clearing"


def test_land_operator_switches_a_tenant_off_and_on(world):
    from openvorgang.directory.routing import route

    client = Client()
    client.force_login(world.operator)
    answer = client.post(f"/verwaltung/mandanten/{world.tenant.pk}/aktiv/", follow=True)
    assert "Clearingstelle" in answer.content.decode()
    world.tenant.refresh_from_db()
    assert world.tenant.active is False
    assert route(oe_id=world.unit.oe_id, leika_keys=["99050012104000"]).step == "clearing"
    client.post(f"/verwaltung/mandanten/{world.tenant.pk}/aktiv/")
    world.tenant.refresh_from_db()
    assert world.tenant.active is True
    admin = Client()
    admin.force_login(world.admin)
    assert admin.post(f"/verwaltung/mandanten/{world.tenant.pk}/aktiv/").status_code == 404
