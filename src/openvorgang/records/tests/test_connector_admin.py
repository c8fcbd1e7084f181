"""Tenant admins manage their connectors; nobody else, and never another tenant's."""

from __future__ import annotations

import pytest
from django.test import Client

from openvorgang.records.models import Connector


def _client(user):
    client = Client()
    client.force_login(user)
    return client


FORM = {
    "name": "E-Akte",
    "purpose": "dms",
    "kind": "http",
    "target": "https://dms.example.org/import",
    "username": "",
    "secret": "geheim",
    "export_format": "xdomea",
    "xdomea_version": "3.1.0",
    "receiver_name": "DMS",
    "export_on_close_services": "99050012104000",
    "receipt_folder": "",
    "api_services": "",
    "active": "on",
}


def test_admin_creates_edits_and_gets_a_token(world):
    client = _client(world.admin)
    answer = client.post("/verwaltung/anbindungen/neu/", FORM, follow=True)
    assert "Anbindung gespeichert." in answer.content.decode()
    connector = Connector.objects.get()
    assert (connector.tenant, connector.export_on_close_services) == (
        world.tenant,
        ["99050012104000"],
    )
    client.post(f"/verwaltung/anbindungen/{connector.pk}/", {**FORM, "secret": ""})
    connector.refresh_from_db()
    assert connector.secret == "geheim"  # empty keeps the secret
    page = client.post(f"/verwaltung/anbindungen/{connector.pk}/token/").content.decode()
    assert "ovc_" in page
    assert "geheim" not in client.get(f"/verwaltung/anbindungen/{connector.pk}/").content.decode()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"target": "dms.example.org"}, "eine URL angeben"),
        ({"kind": "dropfolder", "target": "relativ"}, "absoluten Pfad"),
        ({"api_services": "123"}, "Kein 14-stelliger Leistungsschlüssel"),
    ],
)
def test_bad_settings_are_explained(world, change, message):
    answer = _client(world.admin).post("/verwaltung/anbindungen/neu/", {**FORM, **change})
    assert message in answer.content.decode()
    assert not Connector.objects.exists()


@pytest.mark.parametrize("who", ["caseworker", "operator", "poststelle"])
def test_others_get_404(world, who):
    assert _client(getattr(world, who)).get("/verwaltung/anbindungen/").status_code == 404


def test_foreign_connector_is_404(world):
    foreign = Connector.objects.create(
        tenant=world.foreign_tenant, name="F", purpose="dms", kind="http", target="https://x/"
    )
    client = _client(world.admin)
    assert client.get(f"/verwaltung/anbindungen/{foreign.pk}/").status_code == 404
    assert client.post(f"/verwaltung/anbindungen/{foreign.pk}/token/").status_code == 404
