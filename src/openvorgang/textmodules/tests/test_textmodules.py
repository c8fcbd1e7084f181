"""Textbausteine: placeholders as strict as the decision templates (an unknown one refused in
the editor, naming it), scoped to tenant, service and org unit, filled in for a case."""

from __future__ import annotations

import pytest
from django.test import Client

from openvorgang.cases.errors import InvalidInput
from openvorgang.testing.factories import make_case
from openvorgang.textmodules.models import TextModule
from openvorgang.textmodules.selectors import modules_for
from openvorgang.textmodules.services import text_module_fill, text_module_save


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_an_unknown_placeholder_is_refused_naming_it(world):
    with pytest.raises(InvalidInput, match=r"\{\{ vorgang.nummerr \}\}, \{\{ zeit \}\}"):
        text_module_save(
            actor=world.admin,
            module=None,
            name="Eingang",
            body="Ihr Antrag {{ vorgang.nummerr }} vom {{ zeit }} ist da.",
        )
    with pytest.raises(InvalidInput, match=r"Vorlage fehlerhaft|Syntax"):
        text_module_save(actor=world.admin, module=None, name="Kaputt", body="{% if %}")
    assert not TextModule.objects.exists()


def test_the_editor_shows_the_problem_and_keeps_the_text(world):
    client = _client(world.admin)
    page = client.post(
        "/verwaltung/textbausteine/neu/",
        {"name": "Eingang", "body": "Guten Tag {{ antragsteller.nam }}", "leistung": "", "oe": ""},
    ).content.decode()
    assert "Diese Platzhalter gibt es nicht: {{ antragsteller.nam }}" in page
    assert "Guten Tag {{ antragsteller.nam }}</textarea>" in page
    assert not TextModule.objects.exists()
    done = client.post(
        "/verwaltung/textbausteine/neu/",
        {"name": "Eingang", "body": "Guten Tag {{ antragsteller.name }}, {{ antrag.firma }}"},
    )
    assert done.status_code == 302
    assert TextModule.objects.get().tenant == world.tenant


def test_the_case_gets_the_modules_of_its_tenant_service_and_unit(world):
    case = make_case(org_unit=world.unit, files=False)
    common = TextModule.objects.create(tenant=world.tenant, name="A", body="a")
    TextModule.objects.create(tenant=world.tenant, name="B", body="b", service_key="99999999999999")
    TextModule.objects.create(tenant=world.tenant, name="C", body="c", org_unit=world.other_unit)
    own = TextModule.objects.create(
        tenant=world.tenant, name="D", body="d", service_key=case.service_key, org_unit=world.unit
    )
    TextModule.objects.create(tenant=world.foreign_tenant, name="E", body="e")
    assert list(modules_for(user=world.caseworker, case=case)) == [common, own]
    assert list(modules_for(user=world.foreign_caseworker, case=case)) == []


def test_filling_in_uses_the_case_and_refuses_what_it_lacks(world):
    case = make_case(org_unit=world.unit, applicant_name="Jürgen Schäfer", files=False)
    module = TextModule.objects.create(
        tenant=world.tenant,
        name="Gruß",
        body="Guten Tag {{ antragsteller.name }}, zu {{ vorgang.nummer }} "
        "({{ antrag.taetigkeit }}).",
    )
    text = text_module_fill(module=module, case=case, user=world.caseworker)
    assert text == f"Guten Tag Jürgen Schäfer, zu {case.number} (Café)."
    lacking = TextModule.objects.create(
        tenant=world.tenant, name="Firma", body="{{ antrag.firma }}"
    )
    client = _client(world.caseworker)
    ok = client.get(f"/vorgaenge/{case.pk}/textbausteine/{module.pk}/")
    assert ok.json() == {"name": "Gruß", "text": text}
    refused = client.get(f"/vorgaenge/{case.pk}/textbausteine/{lacking.pk}/")
    assert refused.status_code == 400
    assert refused["Content-Type"] == "application/problem+json"
    assert "antrag.firma" in refused.json()["detail"]
    foreign = TextModule.objects.create(tenant=world.foreign_tenant, name="F", body="f")
    assert client.get(f"/vorgaenge/{case.pk}/textbausteine/{foreign.pk}/").status_code == 404


def test_the_case_page_offers_the_picker_beside_the_text_fields(world):
    case = make_case(org_unit=world.unit, files=False)
    TextModule.objects.create(tenant=world.tenant, name="Gruß", body="Guten Tag")
    page = _client(world.caseworker).get(f"/vorgaenge/{case.pk}/").content.decode()
    for target in ("kommentar-neu", "nachricht-text"):
        assert f'data-target="{target}"' in page
    assert "textmodules.js" in page
