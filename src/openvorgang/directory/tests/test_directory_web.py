"""The directory screens: Land operators manage everything, tenant admins the rules of their own
org units; nobody else gets in."""

from __future__ import annotations

import io
import json

from django.test import Client

from openvorgang.accounts.models import Role
from openvorgang.directory.models import Responsibility
from openvorgang.directory.tests.conftest import GEWERBE, STADT
from openvorgang.testing.factories import UserFactory


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_only_administrators_get_in(world, directory):
    for user in (world.caseworker, world.poststelle):
        assert _client(user).get("/verwaltung/zustaendigkeiten/").status_code == 404
    assert Client().get("/verwaltung/zustaendigkeiten/").status_code == 302  # to the login


def test_land_operator_adds_searches_and_switches_off_rules(world, directory):
    client = _client(world.operator)
    added = client.post(
        "/verwaltung/zustaendigkeiten/",
        {"leika_key": GEWERBE, "ars": STADT, "org_unit": directory.stadt_gewerbe.pk},
        follow=True,
    )
    rule = Responsibility.objects.get()
    assert f"Zuständigkeitsregel #{rule.pk} gespeichert." in added.content.decode()
    page = client.get("/verwaltung/zustaendigkeiten/", {"q": "Kiel"}).content.decode()
    assert "Gewerbe Anmeldung" in page
    assert (
        "Gewerbe Anmeldung"
        not in client.get("/verwaltung/zustaendigkeiten/", {"q": "Brekendorf"}).content.decode()
    )
    client.post(f"/verwaltung/zustaendigkeiten/regeln/{rule.pk}/aktiv/", {"active": "0"})
    rule.refresh_from_db()
    assert rule.active is False
    bad = client.post(
        "/verwaltung/zustaendigkeiten/",
        {"leika_key": "12345678901234", "ars": STADT, "org_unit": directory.stadt_gewerbe.pk},
        follow=True,
    )
    assert "ist nicht im Verzeichnis" in bad.content.decode()


def test_tenant_admin_sees_and_changes_only_own_rules(world, directory):
    own = directory.rule(GEWERBE, STADT, directory.stadt_gewerbe)
    foreign = directory.rule(GEWERBE, STADT, directory.amt_ordnung)
    admin = UserFactory(tenant=directory.stadt, username="kiel-admin", roles=[Role.MANDANTEN_ADMIN])
    client = _client(admin)
    page = client.get("/verwaltung/zustaendigkeiten/").content.decode()
    assert "Landeshauptstadt Kiel, Gewerbeamt" in page
    assert "Amt Hüttener Berge, Ordnungsamt" not in page
    response = client.post(
        f"/verwaltung/zustaendigkeiten/regeln/{foreign.pk}/aktiv/", {"active": "0"}
    )
    assert response.status_code == 404
    foreign.refresh_from_db()
    assert foreign.active
    refused = client.post(
        "/verwaltung/zustaendigkeiten/",
        {"leika_key": GEWERBE, "ars": STADT, "org_unit": directory.amt_ordnung.pk},
        follow=True,
    )
    assert "Bitte eine Organisationseinheit wählen." in refused.content.decode()
    client.post(f"/verwaltung/zustaendigkeiten/regeln/{own.pk}/aktiv/", {"active": "0"})
    own.refresh_from_db()
    assert own.active is False
    exported = json.loads(client.get("/verwaltung/zustaendigkeiten/export/").content)
    assert [r["oe_id"] for r in exported["responsibilities"]] == ["kiel-gew"]


def test_import_screen_dry_run_then_import(world, directory):
    client = _client(world.operator)
    content = f"leika_key,ars,oe_id\n{GEWERBE},{STADT},kiel-gew\n".encode()
    upload = io.BytesIO(content)
    upload.name = "regeln.csv"
    dry = client.post(
        "/verwaltung/zustaendigkeiten/import/", {"file": upload, "dry_run": "1"}
    ).content.decode()
    assert "Probelauf ohne Fehler" in dry
    assert f"Zuständigkeit {GEWERBE} @ {STADT} → kiel-gew neu" in dry
    assert Responsibility.objects.count() == 0
    upload = io.BytesIO(content)
    upload.name = "regeln.csv"
    done = client.post("/verwaltung/zustaendigkeiten/import/", {"file": upload}).content.decode()
    assert "Import übernommen." in done
    assert Responsibility.objects.count() == 1
    broken = io.BytesIO(b"leika_key,ars,oe_id\n1,2,3\n")
    broken.name = "kaputt.csv"
    page = client.post("/verwaltung/zustaendigkeiten/import/", {"file": broken}).content.decode()
    assert "1 fehlerhafter Eintrag – nichts wurde übernommen." in page
    assert "Zeile 2" in page
    junk = io.BytesIO(b"\xff\xfe\x00")
    junk.name = "x.csv"
    page = client.post("/verwaltung/zustaendigkeiten/import/", {"file": junk}).content.decode()
    assert "nicht UTF-8" in page
