"""The case list's views (Neu, Meine, Alle, Wiedervorlagen fällig, Zu löschen) with capped
counts, filters and sort, all in the URL."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from openvorgang.cases import incoming, selectors
from openvorgang.cases.models import CaseStatus
from openvorgang.testing.factories import make_case


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _numbers(page):
    import re

    return re.findall(r">(MH-\d{4}-\d{6})<", page.content.decode())


def test_views_and_their_counts(world):
    new = make_case(org_unit=world.unit, files=False)
    mine = make_case(
        org_unit=world.unit,
        status=CaseStatus.IN_BEARBEITUNG,
        assignee=world.caseworker,
        files=False,
    )
    closed = make_case(
        org_unit=world.unit, status=CaseStatus.ABGESCHLOSSEN, assignee=world.caseworker, files=False
    )
    doomed = make_case(org_unit=world.unit, status=CaseStatus.ZU_LOESCHEN, files=False)
    client = _client(world.caseworker)
    assert _numbers(client.get("/vorgaenge/?ansicht=neu")) == [new.number]
    assert _numbers(client.get("/vorgaenge/?ansicht=meine")) == [mine.number]
    assert _numbers(client.get("/vorgaenge/?ansicht=zu_loeschen")) == [doomed.number]
    assert set(_numbers(client.get("/vorgaenge/?ansicht=alle"))) == {
        new.number,
        mine.number,
        closed.number,
        doomed.number,
    }
    counts = selectors.view_counts(user=world.caseworker)
    assert counts == {
        "neu": 1,
        "meine": 1,
        "alle": 4,
        "fristen": 0,
        "vertretung": 0,
        "wiedervorlagen": 0,
        "nachrichten": 0,
        "zu_loeschen": 1,
    }


def test_counts_are_capped(world, settings, monkeypatch):
    monkeypatch.setattr(selectors, "COUNT_CAP", 2)
    for _ in range(4):
        make_case(org_unit=world.unit, files=False)
    assert selectors.view_counts(user=world.caseworker)["alle"] == 3  # cap + 1: shown as "2+"
    page = _client(world.caseworker).get("/vorgaenge/?ansicht=alle").content.decode()
    assert '<span class="count">2+</span>' in page


def test_the_mail_room_starts_with_new_cases(world):
    make_case(org_unit=world.unit, status=CaseStatus.ANGENOMMEN, files=False)
    new = make_case(org_unit=world.unit, files=False)
    page = _client(world.poststelle).get("/vorgaenge/")
    assert _numbers(page) == [new.number]
    assert 'href="?ansicht=neu" aria-current="page"' in page.content.decode()


def test_filters_and_sort_live_in_the_url(world):
    old = make_case(
        org_unit=world.unit, received_at=dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC), files=False
    )
    new = make_case(
        org_unit=world.unit, received_at=dt.datetime(2026, 3, 5, 9, tzinfo=dt.UTC), files=False
    )
    other_unit = make_case(
        org_unit=world.other_unit,
        received_at=dt.datetime(2026, 2, 5, 9, tzinfo=dt.UTC),
        files=False,
    )
    client = _client(world.caseworker)
    assert _numbers(client.get("/vorgaenge/?ansicht=alle&sortierung=aelteste")) == [
        old.number,
        new.number,
    ]
    assert _numbers(client.get("/vorgaenge/?ansicht=alle&von=2026-02-01")) == [new.number]
    assert _numbers(client.get("/vorgaenge/?ansicht=alle&bis=2026-01-31")) == [old.number]
    assert _numbers(
        client.get(f"/vorgaenge/?ansicht=alle&oe={world.unit.pk}&leistung=99050012104000")
    ) == [new.number, old.number]
    assert other_unit.number not in client.get("/vorgaenge/?ansicht=alle").content.decode()
    assert _numbers(client.get("/vorgaenge/?ansicht=alle&kanal=fit_connect")) == []


def test_bad_filter_values_get_a_message_not_an_error(world):
    make_case(org_unit=world.unit, files=False)
    page = _client(world.caseworker).get("/vorgaenge/?von=gestern&leistung=123&ansicht=xyz")
    assert page.status_code == 200
    body = page.content.decode()
    assert "„Eingang ab“ ist kein gültiges Datum" in body
    assert "Ein Leistungsschlüssel hat 14 Ziffern" in body
    assert "Die Ansicht „xyz“ gibt es nicht" in body


def test_a_list_page_costs_the_same_number_of_queries_for_more_cases(world):
    client = _client(world.caseworker)
    make_case(org_unit=world.unit, files=False)
    client.get("/")  # the session's first request records its start (once per session)
    with CaptureQueriesContext(connection) as few:
        client.get("/vorgaenge/?ansicht=alle")
    for _ in range(8):
        make_case(org_unit=world.unit, assignee=world.caseworker, files=False)
    with CaptureQueriesContext(connection) as many:
        client.get("/vorgaenge/?ansicht=alle")
    assert len(few) == len(many)


def test_case_detail_costs_the_same_number_of_queries_for_more_history_and_files(world):
    import io

    from openvorgang.cases import services
    from openvorgang.casework.services import comment_add, follow_up_add

    client = _client(world.caseworker)
    small = make_case(org_unit=world.unit)
    comment_add(case=small, actor=world.caseworker, text="eine Notiz")
    big = make_case(org_unit=world.unit)
    for i in range(10):
        services.case_set_file_number(case=big, actor=world.caseworker, file_number=f"AZ-{i}")
        services.case_add_file(
            case=big,
            actor=world.caseworker,
            upload=incoming.IncomingFile(io.BytesIO(b"x"), "a.txt"),
        )
        comment_add(case=big, actor=world.caseworker, text=f"Notiz {i}")
        follow_up_add(case=big, actor=world.caseworker, subject=f"WV {i}", due_on=dt.date.today())
    # the tenant's very first access starts its audit chain (once in a tenant's life)
    client.get(f"/vorgaenge/{small.pk}/")
    counts = []
    for case in (small, big):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/vorgaenge/{case.pk}/").status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_bulk_accept_and_assign(world):
    first = make_case(org_unit=world.unit, files=False)
    second = make_case(org_unit=world.unit, files=False)
    done = make_case(org_unit=world.unit, status=CaseStatus.IN_BEARBEITUNG, files=False)
    foreign = make_case(org_unit=world.foreign_unit, files=False)
    client = _client(world.caseworker)
    page = client.post(
        "/vorgaenge/sammelaktion/",
        {
            "ids": [first.pk, second.pk, done.pk, foreign.pk],
            "sammelaktion": "annehmen",
            "zurueck": "ansicht=neu",
        },
        follow=True,
    )
    assert page.redirect_chain[-1][0] == "/vorgaenge/?ansicht=neu"
    body = page.content.decode()
    assert "2 Vorgänge bearbeitet." in body
    assert f"{done.number}: „Annehmen“ ist im Status „In Bearbeitung“ nicht möglich." in body
    assert "ein Vorgang ist nicht (mehr) sichtbar" in body
    for case in (first, second):
        case.refresh_from_db()
        assert case.status == CaseStatus.ANGENOMMEN
    foreign.refresh_from_db()
    assert foreign.status == CaseStatus.NEU
    client.post(
        "/vorgaenge/sammelaktion/",
        {"ids": [first.pk, second.pk], "sammelaktion": f"zuweisen:{world.colleague.pk}"},
    )
    assert {c.assignee for c in (first, second) if c.refresh_from_db() is None} == {world.colleague}


def test_bulk_action_needs_an_action_and_a_known_person(world):
    case = make_case(org_unit=world.unit, files=False)
    client = _client(world.caseworker)
    nothing = client.post("/vorgaenge/sammelaktion/", {"ids": [case.pk]}, follow=True)
    assert "Bitte eine Sammelaktion wählen." in nothing.content.decode()
    stranger = client.post(
        "/vorgaenge/sammelaktion/",
        {"ids": [case.pk], "sammelaktion": f"zuweisen:{world.foreign_caseworker.pk}"},
        follow=True,
    )
    assert "Bitte eine Person für die Zuweisung wählen." in stranger.content.decode()
    evil = client.post(
        "/vorgaenge/sammelaktion/",
        {"ids": [case.pk], "sammelaktion": "annehmen", "zurueck": "//evil.example/x"},
    )
    assert evil["Location"] == "/vorgaenge/"


def test_file_number_suggestion_from_the_tenant_pattern(world):
    from django.core.exceptions import ValidationError

    world.tenant.file_number_pattern = "32.10/{year}/{number}"
    world.tenant.full_clean()
    world.tenant.save()
    case = make_case(org_unit=world.unit, received_at=dt.datetime(2026, 4, 1, tzinfo=dt.UTC))
    client = _client(world.caseworker)
    page = client.get(f"/vorgaenge/{case.pk}/").content.decode()
    assert f"32.10/2026/{case.number}" in page
    client.post(
        f"/vorgaenge/{case.pk}/aktenzeichen/", {"file_number": "", "vorschlag": "1", "version": "1"}
    )
    case.refresh_from_db()
    assert case.file_number == f"32.10/2026/{case.number}"
    world.tenant.file_number_pattern = "{unbekannt}"
    with pytest.raises(ValidationError) as caught:
        world.tenant.full_clean()
    assert "file_number_pattern" in caught.value.message_dict


def test_view_counts_are_reused_for_a_few_seconds(world, settings):
    from django.core.cache import cache

    cache.clear()
    settings.OPENVORGANG_LIST_COUNT_CACHE_SECONDS = 10
    make_case(org_unit=world.unit, files=False)
    assert selectors.view_counts(user=world.caseworker)["alle"] == 1
    make_case(org_unit=world.unit, files=False)
    with CaptureQueriesContext(connection) as queries:
        assert selectors.view_counts(user=world.caseworker)["alle"] == 1  # reused
    assert len(queries) == 0
    cache.clear()
    assert selectors.view_counts(user=world.caseworker)["alle"] == 2
    cache.clear()


def test_the_list_total_is_its_view_count_or_kept_per_filter(world, settings):
    """A bare view's total is the view count already made for the tabs (no second COUNT);
    a filtered total is kept as long, per user and filter."""
    from django.core.cache import cache

    cache.clear()
    settings.OPENVORGANG_LIST_COUNT_CACHE_SECONDS = 10
    make_case(org_unit=world.unit, files=False)
    user = world.caseworker
    assert selectors.view_counts(user=user)["alle"] == 1
    bare = selectors.CaseFilters(view="alle", sort="status", newest_first=False)
    narrowed = selectors.CaseFilters(view="alle", status=(CaseStatus.NEU,))
    with CaptureQueriesContext(connection) as queries:
        assert selectors.case_count_capped(user=user, filters=bare) == 1
    assert len(queries) == 0
    assert selectors.case_count_capped(user=user, filters=narrowed) == 1
    make_case(org_unit=world.unit, files=False)
    with CaptureQueriesContext(connection) as queries:
        assert selectors.case_count_capped(user=user, filters=narrowed) == 1  # kept
    assert len(queries) == 0
    other = selectors.CaseFilters(view="alle", status=(CaseStatus.ANGENOMMEN,))
    assert selectors.case_count_capped(user=user, filters=other) == 0  # its own entry
    cache.clear()
    assert selectors.case_count_capped(user=user, filters=narrowed) == 2
    cache.clear()


def test_a_bulk_action_over_the_limit_is_refused_whole_not_cut(world, settings):
    """Before, ids past the limit were dropped silently: 'n Vorgänge bearbeitet' for part of
    the selection. Now the whole action is refused with the limit named."""
    from openvorgang.web.cases import views

    cases = [make_case(org_unit=world.unit, files=False) for _ in range(3)]
    original, views.BULK_LIMIT = views.BULK_LIMIT, 2
    try:
        page = _client(world.caseworker).post(
            "/vorgaenge/sammelaktion/",
            {"ids": [c.pk for c in cases], "sammelaktion": "annehmen"},
            follow=True,
        )
    finally:
        views.BULK_LIMIT = original
    assert "Höchstens 2 Vorgänge auf einmal; nichts wurde geändert." in page.content.decode()
    for case in cases:
        case.refresh_from_db()
        assert case.status == CaseStatus.NEU


def _bulk_options(page: str) -> str:
    return page.split('id="sammelaktion"', 1)[1].split("</select>", 1)[0]


def test_bulk_actions_offer_only_what_the_user_can_do_and_who_can_take_cases(world):
    make_case(org_unit=world.unit)
    mail_room = _bulk_options(
        _client(world.poststelle).get("/vorgaenge/?ansicht=alle").content.decode()
    )
    assert "Annehmen" in mail_room
    assert f"zuweisen:{world.caseworker.pk}" in mail_room
    assert "zuweisen:me" not in mail_room  # the mail room cannot take cases itself
    for never in (world.admin, world.deleter, world.poststelle):
        assert f"zuweisen:{never.pk}" not in mail_room
    caseworker = _bulk_options(
        _client(world.caseworker).get("/vorgaenge/?ansicht=alle").content.decode()
    )
    assert "zuweisen:me" in caseworker
    assert f"zuweisen:{world.caseworker.pk}" not in caseworker  # "me" already says it
    assert f"zuweisen:{world.foreign_caseworker.pk}" not in caseworker


def test_a_deletion_officer_is_offered_no_accept_or_assign():
    from openvorgang.accounts.models import Role, User

    officer = User(username="l", roles=[Role.LOESCHBERECHTIGT], is_active=True)
    assert selectors.bulk_actions_allowed(user=officer) == {"accept": False, "assign": False}
