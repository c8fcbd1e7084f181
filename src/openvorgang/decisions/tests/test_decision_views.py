"""The decision screens: template editor with live preview (tenant admins only, own tenant),
the caseworker's preview and issue on the case page."""

from __future__ import annotations

import pytest
from django.test import Client

from openvorgang.cases.models import CaseStatus
from openvorgang.decisions.models import DecisionKind, DecisionTemplate
from openvorgang.testing.factories import make_case
from openvorgang.testing.pdfa import pdf_text


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _template(tenant, **kw):
    return DecisionTemplate.objects.create(
        tenant=tenant,
        kind=DecisionKind.APPROVAL,
        name=kw.pop("name", "Bewilligung"),
        subject="Ihr Antrag",
        body=kw.pop("body", "Text für {{ antragsteller.name }}."),
        **kw,
    )


def test_admin_creates_template_and_previews_it(world):
    client = _client(world.admin)
    form = {
        "name": "Hund",
        "kind": "approval",
        "service_key": "",
        "subject": "Hundesteuer",
        "body": "Guten Tag {{ antragsteller.name }},\n\nIhr Hund ist angemeldet.",
        "active": "1",
    }
    preview = client.post("/verwaltung/bescheidvorlagen/vorschau/", form)
    assert preview.status_code == 200
    assert preview["Content-Type"] == "application/pdf"
    assert "Erika Mustermann" in pdf_text(preview.content)  # the sample case
    saved = client.post("/verwaltung/bescheidvorlagen/neu/", form, follow=True)
    assert "Vorlage gespeichert." in saved.content.decode()
    assert DecisionTemplate.objects.get().tenant == world.tenant


def test_preview_of_a_broken_template_explains_in_german(world):
    client = _client(world.admin)
    answer = client.post(
        "/verwaltung/bescheidvorlagen/vorschau/",
        {"kind": "approval", "subject": "x", "body": "{{ antrag.gibtsnicht }}"},
    )
    assert answer.status_code == 400
    assert "antrag.gibtsnicht" in answer.content.decode()
    broken = client.post(
        "/verwaltung/bescheidvorlagen/neu/",
        {"name": "x", "kind": "approval", "subject": "x", "body": "{% if %}"},
    )
    assert broken.status_code == 200
    assert "Vorlage fehlerhaft" in broken.content.decode()
    assert not DecisionTemplate.objects.exists()


@pytest.mark.parametrize("who", ["caseworker", "operator", "poststelle"])
def test_only_tenant_admins_edit_templates(world, who):
    client = _client(getattr(world, who))
    assert client.get("/verwaltung/bescheidvorlagen/").status_code == 404
    assert client.post("/verwaltung/bescheidvorlagen/vorschau/", {}).status_code == 404


def test_admin_cannot_open_another_tenants_template(world):
    foreign = _template(world.foreign_tenant)
    assert (
        _client(world.admin).get(f"/verwaltung/bescheidvorlagen/{foreign.pk}/").status_code == 404
    )


def test_caseworker_previews_and_issues_from_the_case_page(world):
    _template(world.tenant)
    _template(world.foreign_tenant, name="Fremd")
    case = make_case(
        org_unit=world.unit,
        status=CaseStatus.IN_BEARBEITUNG,
        applicant_street="Weg 1",
        applicant_postal_code="24103",
        applicant_city="Kiel",
    )
    client = _client(world.caseworker)
    page = client.get(f"/vorgaenge/{case.pk}/").content.decode()
    assert "Bewilligung (Bewilligung)" in page
    assert "Fremd" not in page
    assert "der Bescheid geht per Post" in page
    template = DecisionTemplate.objects.get(tenant=world.tenant)
    preview = client.post(f"/vorgaenge/{case.pk}/bescheid/vorschau/", {"vorlage": template.pk})
    assert preview["Content-Type"] == "application/pdf"
    unconfirmed = client.post(
        f"/vorgaenge/{case.pk}/bescheid/", {"vorlage": template.pk}, follow=True
    )
    assert "Bitte bestätigen" in unconfirmed.content.decode()
    done = client.post(
        f"/vorgaenge/{case.pk}/bescheid/",
        {"vorlage": template.pk, "bestaetigt": "1", "kanal": "post", "version": case.version},
        follow=True,
    ).content.decode()
    assert "Bekanntgabe am" in done
    history = client.get(f"/vorgaenge/{case.pk}/verlauf/").content.decode()
    assert "Bescheid versandt (Bescheid) über Brief per Post" in history
    case.refresh_from_db()
    assert case.status == CaseStatus.BESCHIEDEN


def test_foreign_template_id_is_refused(world):
    foreign = _template(world.foreign_tenant)
    case = make_case(org_unit=world.unit, status=CaseStatus.IN_BEARBEITUNG)
    answer = _client(world.caseworker).post(
        f"/vorgaenge/{case.pk}/bescheid/",
        {"vorlage": foreign.pk, "bestaetigt": "1"},
        follow=True,
    )
    assert "Bitte eine Bescheidvorlage wählen." in answer.content.decode()


@pytest.mark.parametrize(
    ("body", "german"),
    [
        ("{% wenn x %}", "Zeile 1: Den Befehl {% wenn %} gibt es nicht."),
        ("{% if x %}ohne Ende", "{% if %} wird nicht geschlossen; es fehlt {% endif %}"),
        ("{{ antragsteller.name|gross }}", "Den Filter „gross“ gibt es nicht."),
        ("{{ antragsteller name }}", "ist kein gültiger Platzhalter"),
        ("{% for %}", "Die Schreibweise der Platzhalter oder Befehle stimmt nicht"),
    ],
)
def test_template_errors_are_said_in_german(world, body, german):
    answer = _client(world.admin).post(
        "/verwaltung/bescheidvorlagen/vorschau/", {"subject": "S", "body": body, "kind": "approval"}
    )
    page = answer.content.decode()
    assert german in page
    for english in ("Invalid", "Unclosed", "Could not parse", "Looking for", "line 1"):
        assert english not in page
