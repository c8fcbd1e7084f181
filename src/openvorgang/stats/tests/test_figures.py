"""The statistics against hand-computed figures on a fixed data set (time-machine for every
date), kept by the worker's feed and equally by `stats rebuild`."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import time_machine
from django.test import Client

from openvorgang.cases.models import Channel
from openvorgang.cases.services import case_decide, case_transition
from openvorgang.casework.models import FollowUp
from openvorgang.stats import selectors
from openvorgang.stats.feed import process_feed, rebuild
from openvorgang.stats.selectors import Period
from openvorgang.testing.factories import OrgUnitFactory, make_case

S1, S2, S3 = "99050012104000", "99123456789000", "99000000000000"
TZ = dt.UTC
PERIOD = Period(dt.date(2026, 3, 1), dt.date(2026, 3, 15))


def at(day, hour=10):
    return dt.datetime(2026, 3, day, hour, 0, tzinfo=TZ)


def _walk(case, actor, steps):
    for day, action in steps:
        with time_machine.travel(at(day, case.received_at.hour), tick=False):
            if action == "bescheiden":  # only with a document, through the decision service
                case_decide(case=case, actor=actor, decision={"id": 1})
            else:
                case_transition(case=case, actor=actor, action=action)


@pytest.fixture
def data(world, settings):
    settings.TIME_ZONE = "UTC"
    u2 = OrgUnitFactory(tenant=world.tenant, name="Ordnungsamt")
    world.caseworker.org_units.add(u2)
    made = {}
    for name, day, hour, service, channel, unit in [
        ("c1", 2, 10, S1, Channel.API, world.unit),
        ("c2", 2, 12, S1, Channel.FIT_CONNECT, world.unit),
        ("c3", 3, 9, S2, Channel.API, u2),
        ("c4", 5, 8, S1, Channel.OZG_CLOUD, world.unit),
    ]:
        with time_machine.travel(at(day, hour), tick=False):
            made[name] = make_case(
                org_unit=unit,
                leika_keys=[service],
                channel=channel,
                received_at=at(day, hour),
                files=False,
            )
    with time_machine.travel(at(3), tick=False):
        make_case(org_unit=world.foreign_unit, leika_keys=[S3], received_at=at(3), files=False)
    sb = world.caseworker
    _walk(
        made["c1"], sb, [(2, "annehmen"), (3, "bearbeiten"), (4, "bescheiden"), (6, "abschliessen")]
    )
    _walk(made["c2"], sb, [(3, "annehmen"), (4, "bearbeiten"), (12, "bescheiden")])
    _walk(
        made["c4"],
        sb,
        [(5, "annehmen"), (5, "bearbeiten"), (6, "bescheiden"), (10, "abschliessen")],
    )
    for due, done in (
        (dt.date(2026, 3, 10), None),
        (dt.date(2026, 3, 9), at(9)),
        (dt.date(2026, 3, 20), None),
    ):
        FollowUp.objects.create(
            case=made["c3"],
            subject="WV",
            due_on=due,
            done_at=done,
            created_by_name="x",
            created_at=at(1),
        )
    return world


def _check(world):
    a = selectors.scope_for(user=world.admin)
    everything = selectors.scope_for(user=world.operator)
    series = dict(selectors.intake_series(a, PERIOD, "tag"))
    assert len(series) == 15
    assert (series["02.03.2026"], series["03.03.2026"], series["05.03.2026"]) == (2, 1, 1)
    assert sum(series.values()) == 4
    assert dict(selectors.intake_by(a, PERIOD, "service_key")) == {S1: 3, S2: 1}  # no names
    channels = dict(selectors.intake_by(a, PERIOD, "channel"))
    assert channels == {
        "Eingangs-API": 2,
        "FIT-Connect": 1,
        "Formularserver (OZG-Cloud-Schnittstelle)": 1,
    }
    assert dict(selectors.intake_by(a, PERIOD, "org_unit_id")) == {
        "Gewerbeamt": 3,
        "Ordnungsamt": 1,
    }
    backlog = dict(selectors.backlog(a))
    assert (backlog["Neu"], backlog["Beschieden"], backlog["In Bearbeitung"]) == (1, 1, 0)
    decided = {t.service: t for t in selectors.processing_times(a, PERIOD, "decided_at")}
    s1 = next(t for t in decided.values() if t.count == 3)
    assert (s1.median_days, s1.p90_days) == (2.0, 8.4)
    closed = selectors.processing_times(a, PERIOD, "closed_at")
    assert [(t.count, t.median_days, t.p90_days) for t in closed] == [(2, 4.5, 4.9)]
    assert selectors.overdue_follow_ups(a, dt.date(2026, 3, 15)) == 1
    land = {t.name: (t.received, t.services_live) for t in selectors.rollout(everything, PERIOD)}
    assert land["Stadt Musterhausen"] == (4, 2)
    assert land["Gemeinde Anderswo"] == (1, 1)
    assert sum(n for _, n in selectors.intake_series(everything, PERIOD, "monat")) == 5
    weeks = selectors.intake_series(a, PERIOD, "woche")
    # 1 March 2026 is a Sunday (KW 9); 2–8 March is KW 10
    assert weeks == [("KW 9/2026", 0), ("KW 10/2026", 4), ("KW 11/2026", 0)]


def test_feed_gives_the_hand_computed_figures(data):
    while process_feed():
        pass
    _check(data)


def test_rebuild_gives_the_same_figures(data):
    rebuild()
    _check(data)
    assert process_feed() == 0  # the cursor is at the end after a rebuild


def test_page_csv_and_xlsx_for_tenant_and_land(data):
    while process_feed():
        pass
    client = Client()
    client.force_login(data.admin)
    query = {"von": "2026-03-01", "bis": "2026-03-15"}
    page = client.get("/statistik/", query).content.decode()
    assert "<svg" in page
    assert 'role="img"' in page
    assert "Gewerbeamt" in page
    assert "Gemeinde Anderswo" not in page
    assert "Schäfer" not in page  # no personal data
    csv = client.get("/statistik/", {**query, "format": "csv", "tabelle": "kanaele"})
    text = csv.content.decode("utf-8-sig")
    assert text.splitlines()[0] == "Bezeichnung;Anzahl"
    assert "Eingangs-API;2" in text
    xlsx = client.get("/statistik/", {**query, "format": "xlsx"})
    assert xlsx.content[:2] == b"PK"
    import zipfile

    sheets = zipfile.ZipFile(io.BytesIO(xlsx.content)).namelist()
    assert sum(1 for s in sheets if s.startswith("xl/worksheets/sheet")) == 8
    land = Client()
    land.force_login(data.operator)
    page = land.get("/statistik/", query).content.decode()
    assert "Rollout" in page
    assert "Gemeinde Anderswo" in page
    bad = client.get("/statistik/", {"von": "gestern", "bis": "2026-03-01", "einheit": "jahr"})
    assert bad.status_code == 200
    assert "ist kein Datum" in bad.content.decode()


def test_who_sees_statistics(data):
    client = Client()
    client.force_login(data.deleter)
    assert client.get("/statistik/").status_code == 404
    client.force_login(data.caseworker)
    assert client.get("/statistik/").status_code == 200


def test_computed_figures_are_reused_for_the_configured_time(data, settings):
    from django.core.cache import cache

    settings.OPENVORGANG_STATS_CACHE_SECONDS = 300
    cache.clear()
    while process_feed():
        pass
    client = Client()
    client.force_login(data.admin)
    query = {"von": "2026-03-01", "bis": "2026-03-15", "format": "csv", "tabelle": "kanaele"}
    before = client.get("/statistik/", query).content
    with time_machine.travel(at(4, 15), tick=False):
        make_case(org_unit=data.unit, channel=Channel.API, received_at=at(4, 15), files=False)
    while process_feed():
        pass
    assert client.get("/statistik/", query).content == before  # reused
    cache.clear()
    assert b"Eingangs-API;3" in client.get("/statistik/", query).content


@pytest.mark.django_db(transaction=True)
def test_a_closing_committed_late_is_counted(world):
    """The closing that took the smaller history id commits last: its case still counts as
    closed (PostgreSQL)."""
    from openvorgang.cases.models import CaseStatus
    from openvorgang.stats.models import CaseTiming
    from openvorgang.testing.concurrency import commit_in_reverse

    late = make_case(org_unit=world.unit, status=CaseStatus.BESCHIEDEN, files=False)
    early = make_case(org_unit=world.unit, status=CaseStatus.BESCHIEDEN, files=False)
    process_feed()

    def close(case):
        case_transition(case=case, actor=world.caseworker, action="abschliessen")

    commit_in_reverse(lambda: close(late), lambda: close(early), process_feed)
    closed = CaseTiming.objects.filter(closed_at__isnull=False)
    assert sorted(closed.values_list("case_id", flat=True)) == sorted([late.pk, early.pk])


def test_the_scope_comes_from_the_user_never_from_a_raw_tenant(world):
    """A tenant's people see their tenant whatever they ask for; only Land operators see all
    tenants or choose one; other roles see none; the Land rollout needs the Land scope."""
    own = selectors.scope_for(user=world.admin, tenant=str(world.foreign_tenant.pk))
    assert (own.tenant, own.land) == (world.tenant, False)
    chosen = selectors.scope_for(user=world.operator, tenant=str(world.foreign_tenant.pk))
    assert (chosen.tenant, chosen.land) == (world.foreign_tenant, True)
    assert selectors.scope_for(user=world.operator).tenant is None
    assert selectors.scope_for(user=world.deleter) is None
    with pytest.raises(PermissionError):
        selectors.rollout(own, PERIOD)
