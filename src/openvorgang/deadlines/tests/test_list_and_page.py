"""Deadlines where caseworkers look: the "Fristen" list soonest first, the "Frist" sort with
cases without a running deadline after the rest (paged both ways through that boundary),
the badges in the list, the case page's Frist tab and its forms, and the statistics."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.test import Client

from openvorgang.cases import selectors
from openvorgang.cases.models import Case, CaseStatus
from openvorgang.cases.selectors import CaseFilters
from openvorgang.deadlines.models import CaseDeadline, DeadlineState
from openvorgang.deadlines.services import deadline_pause
from openvorgang.deadlines.tests.conftest import at, set_rule, sync
from openvorgang.lib.keyset import InvalidCursor, SeekCursor
from openvorgang.stats.selectors import Period, deadline_adherence, scope_for
from openvorgang.testing.factories import make_case

D = dt.date
TODAY = D(2026, 3, 20)


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _numbers(response) -> list[str]:
    return re.findall(r">(MH-\d{4}-\d{6})<", response.content.decode())


@pytest.fixture
def stock(world, service):
    """Five cases received on different days (10-day deadline), one without a deadline."""
    set_rule(service, amount=10, unit="tage")
    cases = [
        make_case(org_unit=world.unit, received_at=at(D(2026, 3, day)), files=False)
        for day in (9, 2, 12, 5, 10)
    ]
    loose = make_case(
        org_unit=world.unit, leika_keys=["99001001001000"], received_at=at(D(2026, 3, 1))
    )
    sync()
    return cases, loose


def test_the_fristen_view_lists_open_deadlines_soonest_first(world, stock):
    cases, loose = stock
    with time_machine.travel(at(TODAY), tick=False):
        response = _client(world.caseworker).get("/vorgaenge/?ansicht=fristen")
    numbers = _numbers(response)
    by_due = sorted(cases, key=lambda c: Case.objects.get(pk=c.pk).due_on)
    assert numbers == [c.number for c in by_due]
    assert loose.number not in numbers
    text = response.content.decode()
    assert "überfällig" in text  # received 2 March: ended 12 March
    assert 'aria-sort="ascending"' in text


def test_the_frist_sort_puts_cases_without_one_last_and_pages_both_ways(world, stock, settings):
    cases, loose = stock
    paused = cases[0]
    with time_machine.travel(at(D(2026, 3, 11)), tick=False):
        deadline_pause(case=paused, actor=world.caseworker, on=D(2026, 3, 11), reason="Warten")
    settings.OPENVORGANG_LIST_PAGE_SIZE = 2
    filters = CaseFilters(view="alle", sort="frist", newest_first=False)
    seen, cursor, pages = [], None, []
    while True:
        page = selectors.case_list(user=world.caseworker, filters=filters, cursor=cursor, limit=2)
        pages.append(page)
        seen += [c.number for c in page.items]
        if page.next_cursor is None:
            break
        cursor = page.next_cursor
    dues = [Case.objects.get(number=n).due_on for n in seen]
    dated = [d for d in dues if d is not None]
    assert dated == sorted(dated)
    assert len(dated) == 4
    assert dues[4:] == [None, None]  # the paused one and the one without a rule
    assert set(seen[4:]) == {paused.number, loose.number}
    # back from the last page: the same pages in reverse
    back = selectors.case_list(
        user=world.caseworker, filters=filters, cursor=pages[-1].prev_cursor, limit=2
    )
    assert [c.number for c in back.items] == [c.number for c in pages[-2].items]
    # descending: the empty ones first
    down = selectors.case_list(
        user=world.caseworker,
        filters=CaseFilters(view="alle", sort="frist", newest_first=True),
        limit=6,
    )
    assert [c.due_on for c in down.items][:2] == [None, None]


def test_a_cursor_with_an_empty_value_where_none_can_be_is_refused(world, stock):
    forged = SeekCursor(values=(None, "x")).encode()
    with pytest.raises(InvalidCursor):
        selectors.case_list(
            user=world.caseworker,
            filters=CaseFilters(view="alle", sort="leistung", newest_first=False),
            cursor=SeekCursor(values=(None, at(TODAY), stock[1].pk)).encode(),
        )
    response = _client(world.caseworker).get(f"/vorgaenge/?sortierung=frist&cursor={forged}")
    assert response.status_code == 200
    assert "Seitenverweis ist ungültig" in response.content.decode()


def test_the_case_page_shows_the_deadline_and_a_refused_pause_says_why(world, service):
    set_rule(service, amount=3, unit="monate", fiction=True, extension_allowed=True)
    case = make_case(
        org_unit=world.unit, status=CaseStatus.IN_BEARBEITUNG, received_at=at(D(2026, 3, 2))
    )
    sync()
    client = _client(world.caseworker)
    with time_machine.travel(at(TODAY), tick=False):
        page = client.get(f"/vorgaenge/{case.pk}/").content.decode()
        assert 'id="frist"' in page
        assert "noch 74 Tage" in page  # ends Tuesday 2 June 2026
        assert "3 Monate ab Eingang des Antrags" in page
        assert "Frist einmal verlängern" in page
        refused = client.post(
            f"/vorgaenge/{case.pk}/frist/hemmen/",
            {"am": "32.03.2026", "grund": "Unterlagen fehlen"},
            follow=True,
        ).content.decode()
        assert "kein gültiges Datum" in refused
        done = client.post(
            f"/vorgaenge/{case.pk}/frist/hemmen/",
            {"am": "2026-03-20", "grund": "Unterlagen fehlen", "version": str(case.version)},
            follow=True,
        ).content.decode()
    assert "Die Frist ist gehemmt" in done
    assert CaseDeadline.objects.get(case=case).state == DeadlineState.PAUSED


def test_adherence_per_service_counts_in_time_late_and_overdue(world, service):
    set_rule(service, amount=10, unit="tage")
    early = make_case(org_unit=world.unit, received_at=at(D(2026, 3, 2)), files=False)
    late = make_case(org_unit=world.unit, received_at=at(D(2026, 3, 2)), files=False)
    make_case(org_unit=world.unit, received_at=at(D(2026, 3, 2)), files=False)  # still open
    make_case(org_unit=world.foreign_unit, received_at=at(D(2026, 3, 2)), files=False)
    sync()
    for case, day in ((early, 5), (late, 16)):
        Case.objects.filter(pk=case.pk).update(
            status=CaseStatus.BESCHIEDEN, status_since=at(D(2026, 3, day))
        )
    sync_all(early, late)
    period = Period(D(2026, 1, 1), TODAY)
    scope = scope_for(user=world.caseworker)
    assert scope is not None
    rows = deadline_adherence(scope, period, TODAY)
    assert len(rows) == 1
    row = rows[0]
    assert (row.ended, row.in_time, row.overdue_now, row.percent) == (2, 1, 1, 50)
    land = scope_for(user=world.operator)
    assert land is not None
    (everyone,) = deadline_adherence(land, period, TODAY)
    assert everyone.overdue_now == 2  # the foreign tenant's case counts for the Land
    with time_machine.travel(at(TODAY), tick=False):
        page = _client(world.caseworker).get("/statistik/?von=2026-01-01").content.decode()
    assert "Einhaltung der Bearbeitungsfristen" in page
    assert "1 (50 %)" in page


def sync_all(*cases: Case) -> None:
    from openvorgang.deadlines.services import deadline_sync

    for case in cases:
        deadline_sync(case_id=case.pk)
