"""Full-text search on both databases: umlauts, partial numbers, form values, file names,
Aktenzeichen, scope, ranking and highlighting; the index is kept by the worker job."""

from __future__ import annotations

from django.test import Client

from openvorgang.cases import services
from openvorgang.cases.models import Case, CaseStatus
from openvorgang.jobs.services import job_enqueue
from openvorgang.jobs.worker import run_until_idle
from openvorgang.search.indexing import fold, index_stale
from openvorgang.search.selectors import highlight, search
from openvorgang.testing.factories import make_case


def _numbers(hits):
    return [hit.case.number for hit in hits]


def _case(world, name, **kwargs):
    return make_case(org_unit=world.unit, applicant_name=name, **kwargs)


def test_fold_spells_out_umlauts_and_drops_accents():
    assert fold("Jürgen Schäfer-Öztürk, Straße, Café") == "juergen schaefer-oeztuerk, strasse, cafe"


def test_names_with_and_without_umlauts(world):
    schaefer = _case(world, "Jürgen Schäfer")
    _case(world, "Maria Muster")
    index_stale()
    for query in ("Schäfer", "schaefer", "SCHAEF", "jürgen schäfer", "Juergen"):
        assert _numbers(search(user=world.caseworker, text=query)) == [schaefer.number], query
    assert search(user=world.caseworker, text="Schulz") == []


def test_partial_numbers_file_numbers_form_values_and_file_names(world):
    case = _case(
        world,
        "Erika Beispiel",
        form_data=[{"name": "betrieb", "label": "Betriebsstätte", "value": "Holstenstraße 12"}],
    )
    services.case_set_file_number(case=case, actor=world.caseworker, file_number="32.10/2026-77")
    index_stale()
    sequence = case.number.rsplit("-", 1)[1]  # e.g. 000001
    for query in (case.number, sequence, sequence.lstrip("0"), "32.10", "Holstenstrasse",
                  "Antrag.pdf", "notiz"):  # fmt: skip
        assert _numbers(search(user=world.caseworker, text=query)) == [case.number], query


def test_search_respects_the_scope(world):
    foreign = make_case(org_unit=world.foreign_unit, applicant_name="Jürgen Schäfer")
    other_unit = make_case(
        org_unit=world.other_unit,
        applicant_name="Jürgen Schäfer",
        status=CaseStatus.IN_BEARBEITUNG,
        assignee=world.other_unit_caseworker,
    )
    index_stale()
    assert search(user=world.caseworker, text="Schäfer") == []
    assert _numbers(search(user=world.foreign_caseworker, text="Schäfer")) == [foreign.number]
    assert _numbers(search(user=world.other_unit_caseworker, text="Schäfer")) == [other_unit.number]
    assert search(user=world.operator, text="Schäfer") == []


def test_better_matches_rank_first(world):
    weak = _case(
        world, "Anna Schmidt", form_data=[{"name": "n", "label": "Notiz", "value": "Kiel"}]
    )
    strong = _case(
        world,
        "Kiel Kieler",
        form_data=[{"name": "o", "label": "Ort", "value": "Kiel Kiel Kiel, Kieler Woche"}],
    )
    index_stale()
    assert _numbers(search(user=world.caseworker, text="Kiel"))[0] == strong.number
    assert weak.number in _numbers(search(user=world.caseworker, text="Kiel"))


def test_changes_are_indexed_by_the_worker(world):
    case = _case(world, "Maria Muster")
    assert Case.objects.get(pk=case.pk).search_stale
    job_enqueue(name="search.index")
    run_until_idle("test")
    assert not Case.objects.get(pk=case.pk).search_stale
    services.case_set_file_number(case=case, actor=world.caseworker, file_number="AZ-4711")
    assert search(user=world.caseworker, text="AZ-4711") == []  # not yet indexed
    assert Case.objects.get(pk=case.pk).search_stale
    job_enqueue(name="search.index")
    run_until_idle("test")
    assert _numbers(search(user=world.caseworker, text="4711")) == [case.number]


def test_highlighting_escapes_and_marks():
    marked = highlight("Jürgen <b>Schäfer</b>", ["schaef"])
    assert marked == "Jürgen &lt;b&gt;<mark>Schäfer</mark>&lt;/b&gt;"


def test_search_page(world):
    _case(
        world,
        "Jürgen Schäfer",
        form_data=[{"name": "f", "label": "Firma", "value": "Schäfer GmbH"}],
    )
    index_stale()
    client = Client()
    client.force_login(world.caseworker)
    page = client.get("/suche/", {"q": "schaefer"}).content.decode()
    assert "1 Treffer" in page
    assert "<mark>Schäfer</mark> GmbH" in page
    assert "Keine Treffer." in client.get("/suche/", {"q": "Zebra"}).content.decode()
    assert client.get("/suche/", {"q": "'\"&|!:*()"}).status_code == 200
