"""Forwarding between org units and tenants, and the clearing inbox: who may do what, what
each side sees afterwards, and the rule suggestions that come out of it."""

from __future__ import annotations

import pytest
from django.test import Client

from openvorgang.accounts.models import Role
from openvorgang.cases import clearing, selectors, services
from openvorgang.cases.errors import CaseNotFound, InvalidInput
from openvorgang.cases.models import Case, CaseEvent, CaseForwarding, CaseStatus, EventKind
from openvorgang.directory.models import Responsibility, RuleSuggestion, SuggestionState
from openvorgang.directory.services import moved_suggesting_rule, suggestion_decide
from openvorgang.directory.tests.conftest import GEWERBE, STADT
from openvorgang.testing.factories import UserFactory, make_case


def _client(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def kiel_staff(directory):
    return (
        UserFactory(
            tenant=directory.stadt, username="kiel-sb", org_units=[directory.stadt_gewerbe]
        ),
        UserFactory(tenant=directory.stadt, username="kiel-post", roles=[Role.POSTSTELLE]),
        UserFactory(tenant=directory.stadt, username="kiel-admin", roles=[Role.MANDANTEN_ADMIN]),
    )


def test_forwarding_to_another_tenant_moves_the_whole_case(world, directory, kiel_staff):
    case = make_case(org_unit=world.unit, status=CaseStatus.ANGENOMMEN, assignee=world.caseworker)
    files_before = set(case.files.values_list("pk", flat=True))
    trace = services.case_forward(
        case=case,
        actor=world.caseworker,
        org_unit=directory.stadt_gewerbe,
        reason="Betriebsstätte liegt in Kiel",
    )
    case.refresh_from_db()
    assert (case.tenant, case.org_unit, case.status, case.assignee) == (
        directory.stadt,
        directory.stadt_gewerbe,
        CaseStatus.NEU,
        None,
    )
    assert set(case.files.values_list("pk", flat=True)) == files_before
    # the receiving side sees everything, including the history of the sending side
    kiel_sb = kiel_staff[0]
    assert selectors.case_get(user=kiel_sb, case_id=case.pk) == case
    kinds = [e.kind for e in selectors.case_history(case=case)]
    assert kinds == [EventKind.CREATED, EventKind.FORWARDED]
    event = CaseEvent.objects.get(case=case, kind=EventKind.FORWARDED)
    assert event.after["org_unit"] == "Landeshauptstadt Kiel, Gewerbeamt"
    assert event.reason == "Betriebsstätte liegt in Kiel"
    # the sending side loses the content and keeps the trace
    for user in (world.caseworker, world.poststelle):
        with pytest.raises(CaseNotFound):
            selectors.case_get(user=user, case_id=case.pk)
    assert clearing.forwardings_from(user=world.poststelle) == [trace]
    assert (trace.case_number, trace.to_name, trace.from_name) == (
        case.number,
        "Landeshauptstadt Kiel, Gewerbeamt",
        "Stadt Musterhausen, Gewerbeamt",
    )
    assert clearing.forwardings_from(user=kiel_sb) == []


def test_forwarding_within_the_tenant_takes_the_case_from_the_old_unit(world):
    case = make_case(org_unit=world.unit, status=CaseStatus.ANGENOMMEN)
    services.case_forward(
        case=case, actor=world.caseworker, org_unit=world.other_unit, reason="Bauantrag"
    )
    assert selectors.case_get(user=world.other_unit_caseworker, case_id=case.pk)
    with pytest.raises(CaseNotFound):
        selectors.case_get(user=world.colleague, case_id=case.pk)


def test_forwarding_rules(world, directory):
    case = make_case(org_unit=world.unit, status=CaseStatus.IN_BEARBEITUNG)
    with pytest.raises(Exception, match="nicht weitergeleitet"):
        services.case_forward(
            case=case, actor=world.caseworker, org_unit=world.other_unit, reason="x"
        )
    fresh = make_case(org_unit=world.unit)
    with pytest.raises(InvalidInput, match="Begründung"):
        services.case_forward(
            case=fresh, actor=world.caseworker, org_unit=world.other_unit, reason=""
        )
    with pytest.raises(InvalidInput, match="bereits"):
        services.case_forward(case=fresh, actor=world.caseworker, org_unit=world.unit, reason="x")
    with pytest.raises(CaseNotFound):  # the foreign tenant cannot even see it
        services.case_forward(
            case=fresh, actor=world.foreign_caseworker, org_unit=world.foreign_unit, reason="x"
        )
    directory.stadt_gewerbe.active = False
    directory.stadt_gewerbe.save()
    with pytest.raises(InvalidInput, match="nicht aktiv"):
        services.case_forward(
            case=fresh, actor=world.caseworker, org_unit=directory.stadt_gewerbe, reason="x"
        )
    assert CaseForwarding.objects.count() == 0


def test_a_forwarding_suggestion_becomes_a_rule_when_the_receiver_accepts(
    world, directory, kiel_staff
):
    case = make_case(org_unit=world.unit, service_key=GEWERBE, region_key=STADT)
    moved_suggesting_rule(
        case=case,
        org_unit=directory.stadt_gewerbe,
        actor=world.poststelle,
        reason="Kiel ist zuständig",
        move=lambda: services.case_forward(
            case=case,
            actor=world.poststelle,
            org_unit=directory.stadt_gewerbe,
            reason="Kiel ist zuständig",
        ),
    )
    suggestion = RuleSuggestion.objects.get()
    assert (suggestion.leika_key, suggestion.region_ars) == (GEWERBE, STADT)
    with pytest.raises(Exception, match="empfangenden Mandanten"):
        suggestion_decide(actor=world.admin, suggestion=suggestion, accept=True)
    response = _client(kiel_staff[2]).post(
        f"/verwaltung/zustaendigkeiten/vorschlaege/{suggestion.pk}/", {"decision": "accept"}
    )
    assert response.status_code == 302
    suggestion.refresh_from_db()
    assert suggestion.state == SuggestionState.ACCEPTED
    rule = Responsibility.objects.get()
    assert (rule.org_unit, rule.region.ars, rule.service.leika_key) == (
        directory.stadt_gewerbe,
        STADT,
        GEWERBE,
    )


def test_forwarding_through_the_ui(world, directory):
    case = make_case(org_unit=world.unit)
    client = _client(world.caseworker)
    page = client.get(f"/vorgaenge/{case.pk}/weiterleiten/")
    assert page.status_code == 200
    assert "Landeshauptstadt Kiel" in page.content.decode()
    missing = client.post(
        f"/vorgaenge/{case.pk}/weiterleiten/",
        {"org_unit": directory.stadt_gewerbe.pk, "reason": "", "version": "1"},
        follow=True,
    )
    assert "Begründung erforderlich" in missing.content.decode()
    done = client.post(
        f"/vorgaenge/{case.pk}/weiterleiten/",
        {"org_unit": directory.stadt_gewerbe.pk, "reason": "Kiel", "version": "1"},
        follow=True,
    )
    assert done.redirect_chain[-1][0] == "/vorgaenge/weitergeleitet/"
    body = done.content.decode()
    assert f"{case.number} wurde an Landeshauptstadt Kiel, Gewerbeamt weitergeleitet." in body
    assert Case.objects.get(pk=case.pk).tenant == directory.stadt


# --- clearing -------------------------------------------------------------------------------


def _clearing_case(tenant=None, **kwargs):
    case = make_case(
        tenant=tenant,
        org_unit=None,
        in_clearing=True,
        routing={"step": "clearing", "explanation": "Regionalschlüssel 019999999999 unbekannt"},
        **kwargs,
    )
    if tenant is None:  # the Land's clearing inbox
        Case.objects.filter(pk=case.pk).update(tenant=None)
        case.refresh_from_db()
    return case


def test_the_land_clears_cases_without_tenant(world, directory):
    case = _clearing_case(service_key=GEWERBE, region_key=STADT)
    assert list(clearing.clearing_visible_to(world.operator)) == [case]
    assert list(clearing.clearing_visible_to(world.poststelle)) == []
    client = _client(world.operator)
    page = client.get("/vorgaenge/clearing/")
    assert case.number in page.content.decode()
    assert "Regionalschlüssel 019999999999 unbekannt" in page.content.decode()
    response = client.post(
        f"/vorgaenge/clearing/{case.pk}/",
        {"org_unit": directory.stadt_gewerbe.pk, "suggest": "1", "version": "1"},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.tenant, case.org_unit, case.in_clearing) == (
        directory.stadt,
        directory.stadt_gewerbe,
        False,
    )
    event = CaseEvent.objects.get(case=case, kind=EventKind.ROUTED)
    assert event.after["routing"].startswith("manuell zugeordnet durch")
    assert RuleSuggestion.objects.get().org_unit == directory.stadt_gewerbe


def test_the_clearing_inbox_shows_no_content_unless_allowed(world, settings):
    case = _clearing_case(applicant_name="Jürgen Schäfer")
    client = _client(world.operator)
    assert "Jürgen" not in client.get(f"/vorgaenge/clearing/{case.pk}/").content.decode()
    assert "Jürgen" not in client.get("/vorgaenge/clearing/").content.decode()
    settings.OPENVORGANG_CLEARING_SHOWS_CONTENT = True
    case.form_data = [{"name": "n", "label": "Name", "type": "string", "value": "Jürgen"}]
    case.save()
    assert "Jürgen" in client.get(f"/vorgaenge/clearing/{case.pk}/").content.decode()
    # and the Land operator still cannot open the case itself
    assert client.get(f"/vorgaenge/{case.pk}/").status_code == 404


def test_a_poststelle_clears_only_its_own_tenant_and_only_into_it(world, directory):
    own = _clearing_case(tenant=world.tenant)
    foreign = _clearing_case(tenant=world.foreign_tenant)
    land = _clearing_case()
    assert list(clearing.clearing_visible_to(world.poststelle)) == [own]
    client = _client(world.poststelle)
    for other in (foreign, land):
        assert client.get(f"/vorgaenge/clearing/{other.pk}/").status_code == 404
        assert (
            client.post(f"/vorgaenge/clearing/{other.pk}/", {"org_unit": world.unit.pk}).status_code
            == 404
        )
    with pytest.raises(InvalidInput, match="eigenen Mandanten"):
        services.case_route(case=own, actor=world.poststelle, org_unit=directory.stadt_gewerbe)
    # the form offers only the own tenant's units; a foreign one is refused
    refused = client.post(
        f"/vorgaenge/clearing/{own.pk}/", {"org_unit": directory.stadt_gewerbe.pk}, follow=True
    )
    assert "Bitte eine Organisationseinheit wählen." in refused.content.decode()
    services.case_route(case=own, actor=world.poststelle, org_unit=world.unit)
    own.refresh_from_db()
    assert (own.org_unit, own.in_clearing) == (world.unit, False)
    assert list(clearing.clearing_visible_to(world.poststelle)) == []


def test_caseworkers_and_admins_have_no_clearing_inbox(world):
    _clearing_case(tenant=world.tenant)
    for user in (world.caseworker, world.admin):
        assert _client(user).get("/vorgaenge/clearing/").status_code == 404


def test_ambiguous_candidates_are_offered(world, directory):
    case = _clearing_case(tenant=directory.amt)
    case.routing = {
        "step": "clearing",
        "explanation": "mehrdeutig",
        "candidates": [
            {"orgUnitId": directory.amt_ordnung.pk, "name": "Amt, Ordnungsamt", "ruleId": 1},
            {"orgUnitId": directory.amt_finanzen.pk, "name": "Amt, Finanzen", "ruleId": 2},
        ],
    }
    case.save()
    post = UserFactory(tenant=directory.amt, username="amt-post", roles=[Role.POSTSTELLE])
    page = _client(post).get(f"/vorgaenge/clearing/{case.pk}/").content.decode()
    assert "Amt, Ordnungsamt (Regel #1)" in page
    assert "Amt, Finanzen (Regel #2)" in page
