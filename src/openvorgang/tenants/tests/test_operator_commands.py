"""Scripted set-up: tenant, orgunit, user and token commands print one JSON object each and
can be run again without changing anything."""

from __future__ import annotations

import io
import json
from unittest import mock

import pytest
from django.core.management import CommandError, call_command
from rest_framework.test import APIClient

from openvorgang.accounts.models import User
from openvorgang.tenants.models import OrgUnit, Tenant


def run(*args, stdin=None):
    out = io.StringIO()
    with mock.patch("sys.stdin", stdin or io.StringIO("")):
        call_command(*args, stdout=out)
    lines = out.getvalue().strip().splitlines()
    assert len(lines) == 1
    return json.loads(lines[0])


def test_tenant_create_is_idempotent(db):
    args = (
        "tenant",
        "create",
        "--name",
        "Landeshauptstadt Kiel",
        "--kind",
        "kreisfreie_stadt",
        "--ars",
        "010020000000",
        "--prefix",
        "KI",
    )
    first = run(*args)
    again = run(*args)
    assert first["created"] is True
    assert again["created"] is False
    assert again["changed"] == []
    assert first["tenant"]["slug"] == "landeshauptstadt-kiel"
    assert first["tenant"]["case_number_prefix"] == "KI"
    assert Tenant.objects.count() == 1
    changed = run(
        "tenant",
        "create",
        "--name",
        "Landeshauptstadt Kiel",
        "--kind",
        "kreisfreie_stadt",
        "--ars",
        "010020000000",
        "--inactive",
    )
    assert changed["changed"] == ["active"]


@pytest.mark.parametrize("ars", ["0100200000", "01002000000X", "990020000000"])
def test_tenant_create_rejects_bad_ars(db, ars):
    with pytest.raises(CommandError, match="Regionalschlüssel"):
        run("tenant", "create", "--name", "X", "--kind", "gemeinde", "--ars", ars)
    assert Tenant.objects.count() == 0


def test_orgunit_and_user_and_token(db):
    run("tenant", "create", "--name", "Amt Lütjenburg", "--kind", "amt", "--ars", "010575727000")
    unit = run(
        "orgunit",
        "create",
        "--tenant",
        "010575727000",
        "--name",
        "Ordnungsamt",
        "--oe-id",
        "9795669",
    )
    assert unit["created"]
    assert unit["orgunit"]["tenant"] == "amt-luetjenburg"
    assert (
        run(
            "orgunit",
            "create",
            "--tenant",
            "amt-luetjenburg",
            "--name",
            "Ordnungsamt",
            "--oe-id",
            "9795669",
        )["created"]
        is False
    )
    args = (
        "user",
        "create",
        "--tenant",
        "010575727000",
        "--username",
        "meier",
        "--role",
        "sachbearbeitung",
        "--role",
        "poststelle",
        "--orgunit",
        "9795669",
        "--password-stdin",
    )
    user = run(*args, stdin=io.StringIO("Ein-sicheres-Passwort-42\n"))
    assert user["created"]
    assert user["user"]["roles"] == ["poststelle", "sachbearbeitung"]
    assert user["user"]["org_units"] == ["9795669"]
    assert user["user"]["has_password"]
    again = run(*args, stdin=io.StringIO("Ein-sicheres-Passwort-42\n"))
    assert again["created"] is False
    assert again["changed"] == []
    stored = User.objects.get(username="meier")
    assert stored.password.startswith("argon2") or stored.password.startswith("md5")
    assert stored.check_password("Ein-sicheres-Passwort-42")
    token = run("token", "create", "--user", "meier")["token"]
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get("/api/v1/cases").status_code == 200


def test_user_create_errors_are_clear(db):
    run("tenant", "create", "--name", "Stadt A", "--kind", "stadt", "--ars", "010560015015")
    run("tenant", "create", "--name", "Stadt B", "--kind", "stadt", "--ars", "010560039039")
    run("orgunit", "create", "--tenant", "stadt-b", "--name", "Bauamt", "--oe-id", "B1")
    with pytest.raises(CommandError, match="gehören nicht zum Mandanten"):
        run(
            "user",
            "create",
            "--tenant",
            "stadt-a",
            "--username",
            "x",
            "--role",
            "sachbearbeitung",
            "--orgunit",
            "B1",
        )
    with pytest.raises(CommandError, match="mindestens eine Organisationseinheit"):
        run("user", "create", "--tenant", "stadt-a", "--username", "x", "--role", "sachbearbeitung")
    with pytest.raises(CommandError, match="Unbekannte Organisationseinheit"):
        run(
            "user",
            "create",
            "--tenant",
            "stadt-a",
            "--username",
            "x",
            "--role",
            "poststelle",
            "--orgunit",
            "nope",
        )
    with pytest.raises(CommandError, match="Kein Mandant"):
        run("user", "create", "--tenant", "000000000000", "--username", "x", "--role", "poststelle")
    with pytest.raises(CommandError, match=r"too short|zu kurz|häufig"):
        run(
            "user",
            "create",
            "--tenant",
            "stadt-a",
            "--username",
            "x",
            "--role",
            "poststelle",
            "--password-stdin",
            stdin=io.StringIO("abc\n"),
        )
    with pytest.raises(CommandError, match="anderen Mandanten"):
        run("orgunit", "create", "--tenant", "stadt-a", "--name", "Bauamt", "--oe-id", "B1")
    assert not User.objects.filter(username="x").exists()
    assert OrgUnit.objects.get(oe_id="B1").tenant.slug == "stadt-b"


def test_ambiguous_ars_needs_the_slug(db):
    run(
        "tenant",
        "create",
        "--name",
        "Landesamt A",
        "--kind",
        "landesbehoerde",
        "--ars",
        "010000000000",
    )
    run(
        "tenant",
        "create",
        "--name",
        "Landesamt B",
        "--kind",
        "landesbehoerde",
        "--ars",
        "010000000000",
    )
    with pytest.raises(CommandError, match="Kurznamen"):
        run("orgunit", "create", "--tenant", "010000000000", "--name", "X", "--oe-id", "X1")
    assert run("orgunit", "create", "--tenant", "landesamt-b", "--name", "X", "--oe-id", "X1")[
        "created"
    ]


def test_console_entry_point_runs_django_commands(db, capsys):
    from openvorgang.cli import main

    main(
        [
            "tenant",
            "create",
            "--name",
            "Gemeinde Sylt",
            "--kind",
            "gemeinde",
            "--ars",
            "010540168168",
        ]
    )
    assert json.loads(capsys.readouterr().out)["tenant"]["ars"] == "010540168168"


def test_orgunit_default_moves_to_the_last_one_named(db):
    run("tenant", "create", "--name", "Amt Lütjenburg", "--kind", "amt", "--ars", "010575727000")
    base = ("orgunit", "create", "--tenant", "010575727000")
    first = run(*base, "--name", "Ordnungsamt", "--oe-id", "oe-1", "--default")
    assert first["orgunit"]["default"] is True
    run(*base, "--name", "Bürgerbüro", "--oe-id", "oe-2")
    assert OrgUnit.objects.get(oe_id="oe-1").is_default  # not named --default: unchanged
    run(*base, "--name", "Bürgerbüro", "--oe-id", "oe-2", "--default")
    assert list(OrgUnit.objects.filter(is_default=True).values_list("oe_id", flat=True)) == ["oe-2"]
