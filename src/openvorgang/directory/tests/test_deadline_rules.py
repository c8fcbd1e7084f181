"""Processing deadline rules per service: the Land's, a tenant's over it, every version in
the history, import and export like the rest of the directory, and who may change what."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from openvorgang.cases.errors import ActionForbidden, InvalidInput
from openvorgang.directory import importer
from openvorgang.directory.deadline_rules import (
    RuleValues,
    deadline_rule_set,
    rule_for,
    rule_history,
)
from openvorgang.directory.models import DeadlineRule, Service

KEY = "99050012104000"


@pytest.fixture
def service(db):
    return Service.objects.create(leika_key=KEY, name="Gewerbeanmeldung")


def _values(**kw):
    return RuleValues(**{"amount": 3, "unit": "monate", **kw})


def test_a_change_ends_the_old_version_and_repeating_it_changes_nothing(world, service):
    first, changed = deadline_rule_set(
        actor=world.operator, leika_key=KEY, tenant=None, values=_values()
    )
    assert changed
    same, changed = deadline_rule_set(
        actor=world.operator, leika_key=KEY, tenant=None, values=_values()
    )
    assert not changed
    assert same == first
    second, changed = deadline_rule_set(
        actor=world.operator, leika_key=KEY, tenant=None, values=_values(amount=2), note="LBO"
    )
    assert changed
    first.refresh_from_db()
    assert first.valid_until == second.valid_from
    assert [r.amount for r in rule_history(user=world.operator, leika_key=KEY)] == [2, 3]
    # a moment while the first was in force still finds the first
    assert rule_for(service_key=KEY, tenant_id=None, at=first.valid_from) == first


def test_a_tenants_rule_wins_and_removing_it_brings_back_the_lands(world, service):
    land, _ = deadline_rule_set(actor=world.operator, leika_key=KEY, tenant=None, values=_values())
    own, _ = deadline_rule_set(
        actor=world.admin, leika_key=KEY, tenant=world.tenant, values=_values(amount=6)
    )
    assert own is not None
    assert land is not None
    moment = own.valid_from
    assert rule_for(service_key=KEY, tenant_id=world.tenant.pk, at=moment) == own
    assert rule_for(service_key=KEY, tenant_id=world.foreign_tenant.pk, at=moment) == land
    deadline_rule_set(actor=world.admin, leika_key=KEY, tenant=world.tenant, values=None)
    own.refresh_from_db()
    assert own.valid_until is not None
    after = own.valid_until + dt.timedelta(microseconds=1)
    assert rule_for(service_key=KEY, tenant_id=world.tenant.pk, at=after) == land
    # while it was in force it still counts for the cases that started then
    assert rule_for(service_key=KEY, tenant_id=world.tenant.pk, at=moment) == own


def test_a_tenant_admin_keeps_only_their_own_tenants_rules(world, service):
    with pytest.raises(ActionForbidden):
        deadline_rule_set(actor=world.admin, leika_key=KEY, tenant=None, values=_values())
    with pytest.raises(ActionForbidden):
        deadline_rule_set(
            actor=world.admin, leika_key=KEY, tenant=world.foreign_tenant, values=_values()
        )
    with pytest.raises(ActionForbidden):
        deadline_rule_set(
            actor=world.caseworker, leika_key=KEY, tenant=world.tenant, values=_values()
        )
    assert not DeadlineRule.objects.exists()


@pytest.mark.parametrize(
    ("values", "message"),
    [
        (_values(amount=0), "zwischen 1 und 3660"),
        (_values(unit="jahre"), "Tage, Wochen oder Monate"),
        (_values(starts="irgendwann"), "Eingang oder ab Vollständigkeit"),
        (_values(legal_basis="§" * 201), "länger als 200"),
    ],
)
def test_bad_rules_are_refused_in_german_and_nothing_is_written(world, service, values, message):
    with pytest.raises(InvalidInput, match=message):
        deadline_rule_set(actor=world.operator, leika_key=KEY, tenant=None, values=values)
    assert not DeadlineRule.objects.exists()


def test_an_unknown_service_is_refused(world, service):
    with pytest.raises(InvalidInput, match="nicht im Verzeichnis"):
        deadline_rule_set(
            actor=world.operator, leika_key="99999999999999", tenant=None, values=_values()
        )


CSV = (
    "leika_key;amount;unit;starts;fiction;extension;legal_basis;tenant\n"
    f"{KEY};3;monate;vollstaendig;ja;ja;§ 42a VwVfG;\n"
).encode()


def test_csv_import_writes_versions_and_a_second_import_changes_nothing(world, service):
    report = importer.import_directory(CSV, name="fristen.csv", actor_name="Land-Betrieb")
    assert report.ok, report.errors
    assert report.summary["deadlines"]["create"] == 1
    rule = DeadlineRule.objects.get()
    assert (rule.amount, rule.unit, rule.starts, rule.fiction, rule.extension_allowed) == (
        3,
        "monate",
        "vollstaendig",
        True,
        True,
    )
    assert rule.tenant is None
    assert rule.changed_by_name == "Land-Betrieb"
    again = importer.import_directory(CSV, name="fristen.csv")
    assert again.summary["deadlines"]["unchanged"] == 1
    assert DeadlineRule.objects.count() == 1
    exported = importer.export_csv("deadlines")
    assert f"{KEY},3,monate,,vollstaendig,true,true,§ 42a VwVfG,true,Import" in exported


def test_an_import_with_one_bad_row_writes_nothing(world, service):
    content = (f"leika_key,amount,unit\n{KEY},3,monate\n{KEY},0,jahre\n").encode()
    report = importer.import_directory(content, name="f.csv")
    assert not report.ok
    assert report.errors[0]["where"] == "Zeile 3"
    assert not DeadlineRule.objects.exists()


def test_a_tenant_admins_import_is_their_own_tenants_rule(world, service):
    content = f"leika_key,amount,unit\n{KEY},6,wochen\n".encode()
    report = importer.import_directory(content, name="f.csv", tenant=world.tenant)
    assert report.ok, report.errors
    assert DeadlineRule.objects.get().tenant == world.tenant
    foreign = f"leika_key,amount,unit,tenant\n{KEY},6,wochen,{world.foreign_tenant.slug}\n"
    report = importer.import_directory(foreign.encode(), name="f.csv", tenant=world.tenant)
    assert "anderer Mandanten" in report.errors[0]["message"]


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_rules_page_sets_a_rule_and_shows_its_history(world, service):
    client = _client(world.admin)
    response = client.post(
        "/verwaltung/zustaendigkeiten/fristen/",
        {"leika_key": KEY, "dauer": "4", "einheit": "wochen", "beginn": "eingang", "anlass": "Neu"},
    )
    assert response.status_code == 302
    assert DeadlineRule.objects.get().tenant == world.tenant
    page = client.get(f"/verwaltung/zustaendigkeiten/fristen/{KEY}/", follow=True)
    text = page.content.decode()
    assert "Historie der Fristregeln" in text
    assert "4 Wochen ab Eingang des Antrags" in text
    bad = client.post(
        "/verwaltung/zustaendigkeiten/fristen/",
        {"leika_key": KEY, "dauer": "vier", "einheit": "wochen"},
        follow=True,
    )
    assert "Bitte die Dauer als ganze Zahl angeben." in bad.content.decode()
    assert DeadlineRule.objects.count() == 1
