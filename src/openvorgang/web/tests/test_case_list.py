"""The case list for daily volume: sortable columns on seek pages, paging both ways with the
position, unknown filter values named, the service filter by name, saved views."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client

from openvorgang.cases import selectors
from openvorgang.cases.services import case_assign
from openvorgang.directory.models import Region, Responsibility, Service
from openvorgang.testing.factories import UserFactory, make_case
from openvorgang.web.models import SavedView

pytestmark = pytest.mark.django_db


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _numbers(response):
    return re.findall(r">(MH-\d{4}-\d{6})<", response.content.decode())


def _day(n):
    return dt.datetime(2026, 3, n, 9, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("column", "field"),
    [("leistung", "service_name"), ("antragsteller", "applicant_name"), ("status", "status")],
)
def test_each_column_sorts_both_ways_across_pages(world, settings, column, field):
    settings.OPENVORGANG_LIST_PAGE_SIZE = 2
    names = {
        "service_name": ["Zulassung", "Anmeldung", "Meldung", "Baugenehmigung", "Hundesteuer"],
        "applicant_name": ["Zoe", "Anna", "Mia", "Bert", "Hans"],
        "status": ["NEU", "ANGENOMMEN", "IN_BEARBEITUNG", "ABGESCHLOSSEN", "BESCHIEDEN"],
    }[field]
    cases = [
        make_case(org_unit=world.unit, files=False, received_at=_day(i + 1), **{field: name})
        for i, name in enumerate(names)
    ]
    by_value = [c.number for c in sorted(cases, key=lambda c: getattr(c, field))]
    client = _client(world.caseworker)
    seen: list[str] = []
    url = f"/vorgaenge/?ansicht=alle&sortierung={column}&richtung=auf"
    while url:
        response = client.get(url)
        seen += _numbers(response)
        page = response.context["page"]
        url = (
            f"/vorgaenge/?ansicht=alle&sortierung={column}&richtung=auf&cursor={page.next_cursor}"
            if page.next_cursor
            else ""
        )
    assert seen == by_value
    down = _numbers(client.get(f"/vorgaenge/?ansicht=alle&sortierung={column}&richtung=ab"))
    assert down == list(reversed(by_value))[:2]


def test_sorting_by_assignee_uses_their_names_and_follows_renames(world):
    zora = UserFactory(
        tenant=world.tenant,
        username="zora",
        first_name="Zora",
        last_name="Z",
        org_units=[world.unit],
    )
    first = make_case(org_unit=world.unit, files=False)
    second = make_case(org_unit=world.unit, files=False)
    case_assign(case=first, actor=world.poststelle, assignee=zora)
    case_assign(case=second, actor=world.poststelle, assignee=world.caseworker)
    client = _client(world.caseworker)
    order = _numbers(client.get("/vorgaenge/?ansicht=alle&sortierung=bearbeitung&richtung=auf"))
    assert order.index(second.number) < order.index(first.number)
    zora.first_name, zora.last_name = "Aaron", "A"
    zora.save()
    order = _numbers(client.get("/vorgaenge/?ansicht=alle&sortierung=bearbeitung&richtung=auf"))
    assert order.index(first.number) < order.index(second.number)


def test_back_paging_returns_the_page_before_with_its_position(world, settings):
    settings.OPENVORGANG_LIST_PAGE_SIZE = 2
    cases = [make_case(org_unit=world.unit, files=False, received_at=_day(i + 1)) for i in range(5)]
    newest_first = [c.number for c in reversed(cases)]
    client = _client(world.caseworker)
    first = client.get("/vorgaenge/?ansicht=alle")
    assert "1–2 von 5" in first.content.decode()
    assert first.context["page"].prev_cursor is None
    second = client.get(f"/vorgaenge/?ansicht=alle&cursor={first.context['page'].next_cursor}&ab=3")
    assert _numbers(second) == newest_first[2:4]
    assert "3–4 von 5" in second.content.decode()
    back = client.get(f"/vorgaenge/?ansicht=alle&cursor={second.context['page'].prev_cursor}&ab=1")
    assert _numbers(back) == newest_first[:2]
    assert back.context["page"].prev_cursor is None
    assert back.context["page"].next_cursor is not None


def test_the_position_says_more_than_the_cap(world, monkeypatch):
    monkeypatch.setattr(selectors, "COUNT_CAP", 2)
    for _ in range(4):
        make_case(org_unit=world.unit, files=False)
    body = _client(world.caseworker).get("/vorgaenge/?ansicht=alle").content.decode()
    assert "1–4 von mehr als 2" in body


def test_the_active_sort_is_marked_for_screen_readers(world):
    make_case(org_unit=world.unit, files=False)
    body = (
        _client(world.caseworker)
        .get("/vorgaenge/?sortierung=leistung&richtung=ab")
        .content.decode()
    )
    assert 'aria-sort="descending"' in body
    assert body.count("aria-sort=") == 1


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("status=FERTIG", "Status „FERTIG“ gibt es nicht"),
        ("kanal=fax", "Eingangskanal „fax“ gibt es nicht"),
        ("bearbeitung=jemand", "Bearbeitung „jemand“ gibt es nicht"),
        ("oe=999999", "Organisationseinheit „999999“ gibt es nicht"),
        ("sortierung=farbe", "Nach „farbe“ lässt sich nicht sortieren"),
        ("richtung=quer", "Sortierrichtung „quer“ gibt es nicht"),
        ("ansicht=irgendwas", "Die Ansicht „irgendwas“ gibt es nicht"),
    ],
)
def test_an_unknown_filter_value_is_named(world, query, message):
    make_case(org_unit=world.unit, files=False)
    response = _client(world.caseworker).get(f"/vorgaenge/?{query}")
    assert response.status_code == 200
    assert message in response.content.decode()


def _services(world):
    region = Region.objects.create(ars="010020000000", name="Musterhausen", kind="gemeinde")
    for key, name in [
        ("99050012104000", "Gewerbe Anmeldung"),
        ("99050012104001", "Gewerbe Abmeldung"),
    ]:
        service = Service.objects.create(leika_key=key, name=name)
        Responsibility.objects.create(service=service, region=region, org_unit=world.unit)


def test_the_service_filter_takes_a_name_and_suggests_the_tenants_services(world):
    _services(world)
    wanted = make_case(
        org_unit=world.unit,
        files=False,
        leika_keys=["99050012104001"],
        service_name="Gewerbe Abmeldung",
    )
    make_case(org_unit=world.unit, files=False)
    client = _client(world.caseworker)
    page = client.get("/vorgaenge/?leistung=abmeldung")
    assert _numbers(page) == [wanted.number]
    assert '<option value="99050012104000">Gewerbe Anmeldung</option>' in page.content.decode()
    ambiguous = client.get("/vorgaenge/?leistung=Gewerbe").content.decode()
    assert "„Gewerbe“ passt auf 2 Leistungen" in ambiguous
    unknown = client.get("/vorgaenge/?leistung=Fischereischein").content.decode()
    assert "Keine Leistung Ihres Mandanten heißt „Fischereischein“" in unknown


def test_a_saved_view_keeps_filter_and_sort_and_shows_its_count(world):
    make_case(org_unit=world.unit, files=False)
    make_case(org_unit=world.unit, files=False, status="ANGENOMMEN")
    client = _client(world.caseworker)
    response = client.post(
        "/vorgaenge/ansichten/",
        {
            "name": "Neue Gewerbe",
            "query": "status=NEU&sortierung=leistung&richtung=auf&cursor=x&ab=9",
        },
        follow=True,
    )
    view = SavedView.objects.get()
    assert view.query == "status=NEU&sortierung=leistung&richtung=auf"
    body = response.content.decode()
    assert "Ansicht „Neue Gewerbe“ gespeichert" in body
    assert re.search(r'aria-current="page"[^>]*>Neue Gewerbe\s*<span class="count">1</span>', body)


def test_a_view_shared_with_a_unit_is_seen_by_the_unit_only(world):
    client = _client(world.caseworker)
    client.post(
        "/vorgaenge/ansichten/", {"name": "Team", "query": "status=NEU", "teilen": world.unit.pk}
    )
    assert "Team" in _client(world.colleague).get("/vorgaenge/").content.decode()
    assert ">Team" not in _client(world.other_unit_caseworker).get("/vorgaenge/").content.decode()
    refused = client.post(
        "/vorgaenge/ansichten/",
        {"name": "Fremd", "query": "", "teilen": world.other_unit.pk},
        follow=True,
    )
    assert "Teilen können Sie nur mit einer Organisationseinheit" in refused.content.decode()
    assert not SavedView.objects.filter(name="Fremd").exists()


def test_only_the_owner_deletes_a_view_and_names_are_unique_per_owner(world):
    client = _client(world.caseworker)
    client.post("/vorgaenge/ansichten/", {"name": "Team", "query": "", "teilen": world.unit.pk})
    again = client.post("/vorgaenge/ansichten/", {"name": "team", "query": ""}, follow=True)
    assert "Sie haben schon eine Ansicht „team“" in again.content.decode()
    view = SavedView.objects.get()
    other = _client(world.colleague).post(f"/vorgaenge/ansichten/{view.pk}/loeschen/")
    assert other.status_code == 404
    assert SavedView.objects.exists()
    client.post(f"/vorgaenge/ansichten/{view.pk}/loeschen/")
    assert not SavedView.objects.exists()
