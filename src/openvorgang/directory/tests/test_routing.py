"""Zuständigkeitsfindung: each step, its explanation, the region hierarchy, ambiguity, unknown
keys and the sender's tenant."""

from __future__ import annotations

from openvorgang.directory.routing import Step, route
from openvorgang.directory.tests.conftest import (
    AMT,
    BAUM,
    DORF,
    GEWERBE,
    HUND,
    KREIS,
    LAND,
    NACHBAR,
    STADT,
)


def test_an_explicit_org_unit_id_wins(directory):
    directory.rule(GEWERBE, STADT, directory.stadt_gewerbe)
    decision = route(leika_keys=[GEWERBE], ars=STADT, oe_id="amt-ordnung")
    assert decision.step == Step.ORG_UNIT
    assert decision.org_unit_id == directory.amt_ordnung.pk
    assert decision.explanation == (
        "OrganisationsEinheitID amt-ordnung → Amt Hüttener Berge, Ordnungsamt"
    )


def test_a_rule_for_the_exact_region(directory):
    rule = directory.rule(GEWERBE, STADT, directory.stadt_gewerbe)
    decision = route(leika_keys=[GEWERBE], ars=STADT)
    assert (decision.step, decision.org_unit_id, decision.rule_id) == (
        Step.RULE,
        directory.stadt_gewerbe.pk,
        rule.pk,
    )
    assert decision.explanation == (
        f"LeiKa {GEWERBE} + ARS {STADT} → Landeshauptstadt Kiel, Gewerbeamt, "
        f"nach Zuständigkeitsregel #{rule.pk} (Kiel ({STADT}))"
    )
    assert not decision.in_clearing


def test_a_rule_for_a_higher_region_covers_the_regions_below(directory):
    rule = directory.rule(BAUM, KREIS, directory.kreis_bau)
    decision = route(leika_keys=[BAUM], ars=DORF)
    assert decision.org_unit_id == directory.kreis_bau.pk
    assert (
        f"Zuständigkeitsregel #{rule.pk} (Rendsburg-Eckernförde ({KREIS}))" in decision.explanation
    )


def test_the_most_specific_rule_wins(directory):
    directory.rule(HUND, LAND, directory.stadt_gewerbe)
    amt_rule = directory.rule(HUND, AMT, directory.amt_finanzen)
    assert route(leika_keys=[HUND], ars=DORF).rule_id == amt_rule.pk
    assert route(leika_keys=[HUND], ars=STADT).org_unit_id == directory.stadt_gewerbe.pk


def test_the_first_service_key_with_a_rule_decides(directory):
    directory.rule(HUND, AMT, directory.amt_finanzen)
    decision = route(leika_keys=[GEWERBE, HUND], ars=DORF)
    assert decision.org_unit_id == directory.amt_finanzen.pk
    assert f"keine Zuständigkeitsregel für LeiKa {GEWERBE}" in decision.notes[0]


def test_two_responsible_units_go_to_clearing_with_both_named(directory):
    first = directory.rule(GEWERBE, AMT, directory.amt_ordnung)
    second = directory.rule(GEWERBE, AMT, directory.amt_finanzen)
    decision = route(leika_keys=[GEWERBE], ars=NACHBAR)
    assert decision.step == Step.CLEARING
    assert decision.in_clearing
    assert decision.org_unit_id is None
    # both in the same tenant: its Poststelle clears it
    assert decision.tenant_id == directory.amt.pk
    assert [c["ruleId"] for c in decision.candidates] == [first.pk, second.pk]
    assert "mehrdeutig" in decision.explanation
    assert "Ordnungsamt" in decision.explanation
    assert "Finanzen" in decision.explanation


def test_ambiguity_across_tenants_goes_to_the_land(directory):
    directory.rule(GEWERBE, AMT, directory.amt_ordnung)
    directory.rule(GEWERBE, AMT, directory.kreis_bau)
    decision = route(leika_keys=[GEWERBE], ars=DORF)
    assert (decision.step, decision.tenant_id) == (Step.CLEARING, None)
    assert decision.explanation.endswith("Clearingstelle des Landes")


def test_the_region_can_come_from_a_form_field(directory):
    directory.rule(GEWERBE, AMT, directory.amt_ordnung)
    form = [
        {"name": "betrieb", "label": "Betrieb", "items": [
            {"name": "gemeindeschluessel", "label": "Gemeinde", "type": "string",
             "value": "01058001"},
        ]},
    ]  # fmt: skip
    decision = route(leika_keys=[GEWERBE], form_data=form)
    assert decision.org_unit_id == directory.amt_ordnung.pk
    assert decision.region_ars == DORF
    assert "Formularfeld „gemeindeschluessel“ = 01058001" in decision.explanation


def test_without_a_rule_the_tenants_default_unit(directory):
    directory.amt_ordnung.is_default = True
    directory.amt_ordnung.save()
    decision = route(leika_keys=[BAUM], ars=DORF)  # Gemeinde of the Amt: the Amt's tenant
    assert (decision.step, decision.org_unit_id) == (Step.TENANT, directory.amt_ordnung.pk)
    assert "Standard-Organisationseinheit von Amt Hüttener Berge: Ordnungsamt" in (
        decision.explanation
    )


def test_a_tenant_without_default_unit_gets_it_in_its_own_inbox(directory):
    decision = route(leika_keys=[BAUM], ars=STADT)
    assert (decision.step, decision.tenant_id, decision.org_unit_id) == (
        Step.TENANT,
        directory.stadt.pk,
        None,
    )
    assert decision.in_clearing


def test_the_kreis_is_not_guessed_for_a_gemeinde(directory):
    decision = route(leika_keys=[BAUM], ars="010585833001", sender_tenant_id=None)
    assert decision.tenant_id == directory.amt.pk  # the Amt, never the Kreis
    directory.amt.ars = "999999999999"
    directory.amt.save()
    assert route(leika_keys=[BAUM], ars=DORF).step == Step.CLEARING


def test_unknown_keys_land_in_clearing_with_reasons(directory):
    decision = route(leika_keys=["99999999999999"], ars="019999999999", oe_id="gibt-es-nicht")
    assert decision.step == Step.CLEARING
    assert decision.tenant_id is None
    assert decision.notes == (
        "OrganisationsEinheitID gibt-es-nicht unbekannt",
        "Regionalschlüssel 019999999999 unbekannt",
    )
    assert route().notes == ("kein Regionalschlüssel", "kein Leistungsschlüssel")


def test_inactive_units_and_rules_are_skipped(directory):
    rule = directory.rule(GEWERBE, STADT, directory.stadt_gewerbe)
    rule.active = False
    rule.save()
    assert route(leika_keys=[GEWERBE], ars=STADT).step == Step.TENANT
    rule.active = True
    rule.save()
    directory.stadt_gewerbe.active = False
    directory.stadt_gewerbe.save()
    decision = route(leika_keys=[GEWERBE], ars=STADT, oe_id="kiel-gew")
    assert decision.step == Step.TENANT
    assert "ist inaktiv" in decision.notes[0]


def test_a_tenant_bound_sender_stays_in_its_tenant(directory):
    directory.rule(GEWERBE, STADT, directory.stadt_gewerbe)
    decision = route(
        leika_keys=[GEWERBE], ars=STADT, oe_id="kiel-gew", sender_tenant_id=directory.amt.pk
    )
    assert decision.tenant_id == directory.amt.pk
    assert decision.org_unit_id is None
    assert "gehört nicht zum Mandanten des Absenders" in decision.notes[0]
    assert "führt zu einem anderen Mandanten" in decision.notes[1]


def test_directory_changes_take_effect_on_the_next_submission(directory):
    assert route(leika_keys=[GEWERBE], ars=STADT).step == Step.TENANT
    directory.rule(GEWERBE, STADT, directory.stadt_gewerbe)
    assert route(leika_keys=[GEWERBE], ars=STADT).step == Step.RULE


def test_routing_needs_no_queries_once_the_snapshot_is_built(directory, settings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.OPENVORGANG_DIRECTORY_CHECK_SECONDS = 60
    directory.rule(GEWERBE, STADT, directory.stadt_gewerbe)
    route(leika_keys=[GEWERBE], ars=STADT)
    with CaptureQueriesContext(connection) as queries:
        for _ in range(10):
            route(leika_keys=[GEWERBE], ars=DORF)
    assert len(queries) == 0
