"""The first web UI: login, list, detail, workflow buttons, confirmation, conflicts."""

from __future__ import annotations

import pytest
import time_machine
from django.test import Client

from openvorgang.cases.models import Case, CaseStatus
from openvorgang.testing.factories import make_case


@pytest.fixture
def browser(world):
    client = Client()
    client.force_login(world.caseworker)
    return client


def test_login_and_logout(world):
    client = Client()
    page = client.get("/anmelden/")
    assert "Anmelden" in page.content.decode()
    wrong = client.post("/anmelden/", {"username": "sb", "password": "falsch"})
    assert wrong.status_code == 200
    assert "Benutzername oder Passwort stimmen nicht" in wrong.content.decode()
    ok = client.post("/anmelden/", {"username": "sb", "password": "Geheim-Passwort-1"})
    assert ok.status_code == 302
    assert client.get("/vorgaenge/").status_code == 200
    client.post("/abmelden/")
    assert client.get("/vorgaenge/").status_code == 302


def test_list_shows_scope_and_filters_by_status(world, browser):
    new = make_case(org_unit=world.unit, applicant_name="Anna Müller")
    progressing = make_case(org_unit=world.unit, status=CaseStatus.IN_BEARBEITUNG)
    other = make_case(org_unit=world.other_unit)
    html = browser.get("/vorgaenge/").content.decode()
    assert new.number in html
    assert progressing.number in html
    assert "Anna Müller" in html
    assert other.number not in html
    filtered = browser.get("/vorgaenge/", {"status": "NEU"}).content.decode()
    assert new.number in filtered
    assert progressing.number not in filtered


def test_list_pages_with_a_cursor(world, browser, settings):
    settings.OPENVORGANG_LIST_PAGE_SIZE = 2
    cases = [make_case(org_unit=world.unit, files=False) for _ in range(3)]
    first = browser.get("/vorgaenge/")
    assert "Nächste Seite" in first.content.decode()
    assert "1–2 von 3" in first.content.decode()
    cursor = first.context["page"].next_cursor
    second = browser.get("/vorgaenge/", {"cursor": cursor, "ab": "3"}).content.decode()
    assert cases[0].number in second
    assert "3–3 von 3" in second
    assert "Vorherige Seite" in second
    broken = browser.get("/vorgaenge/", {"cursor": "%%%"}, follow=True)
    assert broken.status_code == 200
    assert "Seitenverweis ist ungültig" in broken.content.decode()


def test_detail_shows_data_and_only_valid_actions(world, browser):
    case = make_case(org_unit=world.unit)
    html = browser.get(f"/vorgaenge/{case.pk}/").content.decode()
    assert case.number in html
    assert "Tätigkeit" in html
    assert "Café" in html
    assert "Antrag.pdf" in html
    assert "/aktion/annehmen/" in html
    assert "/aktion/bearbeiten/" not in html
    assert "/aktion/loeschen/" not in html


def test_the_verlauf_is_built_only_when_asked_for(world, browser):
    """The case page links to its Verlauf (its tab fetches it); ?verlauf= puts it inline, as
    the page without script does, with the filter applied."""
    case = make_case(org_unit=world.unit)
    page = browser.get(f"/vorgaenge/{case.pk}/").content.decode()
    assert "Antrag eingegangen" not in page
    assert f'data-fragment="/vorgaenge/{case.pk}/verlauf/"' in page
    assert 'href="?verlauf=#verlauf"' in page
    inline = browser.get(f"/vorgaenge/{case.pk}/?verlauf=").content.decode()
    assert "Antrag eingegangen" in inline
    fragment = browser.get(f"/vorgaenge/{case.pk}/verlauf/").content.decode()
    assert "Antrag eingegangen" in fragment
    assert "<html" not in fragment
    only_comments = browser.get(f"/vorgaenge/{case.pk}/verlauf/?verlauf=kommentare")
    assert "Antrag eingegangen" not in only_comments.content.decode()
    assert "Nichts in diesem Filter." in only_comments.content.decode()


def test_verlauf_steps_at_the_same_moment_show_the_later_one_first(world, browser):
    with time_machine.travel("2026-03-02 09:00:00+00:00", tick=False):
        case = make_case(org_unit=world.unit)
        browser.post(f"/vorgaenge/{case.pk}/aktion/annehmen/", {"version": "1"})
        browser.post(f"/vorgaenge/{case.pk}/aktion/bearbeiten/", {"version": "2"})
        html = browser.get(f"/vorgaenge/{case.pk}/verlauf/").content.decode()
    order = [
        html.index(s) for s in ("Bearbeiten:", "Zugewiesen:", "Annehmen:", "Antrag eingegangen")
    ]
    assert order == sorted(order)


def test_accept_from_the_detail_page(world, browser):
    case = make_case(org_unit=world.unit)
    response = browser.post(f"/vorgaenge/{case.pk}/aktion/annehmen/", {"version": "1"}, follow=True)
    assert "„Annehmen“ ausgeführt." in response.content.decode()
    assert Case.objects.get(pk=case.pk).status == CaseStatus.ANGENOMMEN


def test_irreversible_step_asks_for_confirmation_first(world):
    case = make_case(org_unit=world.unit, status=CaseStatus.ZU_LOESCHEN)
    deleter = Client()
    deleter.force_login(world.deleter)
    url = f"/vorgaenge/{case.pk}/aktion/loeschen/"
    page = deleter.post(url, {"version": "1", "reason": "Frist abgelaufen"})
    assert page.status_code == 200
    assert "nicht rückgängig" in page.content.decode()
    assert Case.objects.get(pk=case.pk).status == CaseStatus.ZU_LOESCHEN
    deleter.post(url, {"version": "1", "reason": "Frist abgelaufen", "confirmed": "1"})
    assert not Case.objects.filter(pk=case.pk).exists()


def test_no_plain_decide_step_on_the_case_page(world, browser):
    """BESCHIEDEN only with a document: the page offers the Bescheid tab, not a bare step,
    and the old step URL refuses (nothing written)."""
    case = make_case(org_unit=world.unit, status=CaseStatus.IN_BEARBEITUNG)
    html = browser.get(f"/vorgaenge/{case.pk}/").content.decode()
    assert "/aktion/bescheiden/" not in html
    assert 'href="#bescheid"' in html
    refused = browser.post(
        f"/vorgaenge/{case.pk}/aktion/bescheiden/", {"version": "1", "confirmed": "1"}, follow=True
    )
    assert "geht nur über die eigene Funktion" in refused.content.decode()
    assert Case.objects.get(pk=case.pk).status == CaseStatus.IN_BEARBEITUNG


def test_a_step_with_a_reason_asks_for_it(world, browser):
    case = make_case(org_unit=world.unit)
    missing_reason = browser.post(
        f"/vorgaenge/{case.pk}/aktion/verwerfen/",
        {"version": "1", "confirmed": "1"},
        follow=True,
    )
    assert "Begründung erforderlich" in missing_reason.content.decode()
    browser.post(
        f"/vorgaenge/{case.pk}/aktion/verwerfen/",
        {"version": "1", "confirmed": "1", "reason": "Doppelt eingereicht"},
    )
    assert Case.objects.get(pk=case.pk).status == CaseStatus.VERWORFEN


def test_stale_form_shows_the_conflict_message(world, browser):
    case = make_case(org_unit=world.unit)
    other = Client()
    other.force_login(world.colleague)
    other.post(f"/vorgaenge/{case.pk}/aktion/annehmen/", {"version": "1"})
    response = browser.post(f"/vorgaenge/{case.pk}/aktion/annehmen/", {"version": "1"}, follow=True)
    assert "inzwischen von jemand anderem geändert" in response.content.decode()


def test_assign_set_file_number_and_undo_in_the_ui(world, browser):
    case = make_case(org_unit=world.unit)
    browser.post(
        f"/vorgaenge/{case.pk}/zuweisen/", {"assignee": str(world.colleague.pk), "version": "1"}
    )
    browser.post(f"/vorgaenge/{case.pk}/aktenzeichen/", {"file_number": "AZ 7", "version": "2"})
    case.refresh_from_db()
    assert (case.assignee, case.file_number) == (world.colleague, "AZ 7")
    page = browser.get(f"/vorgaenge/{case.pk}/").content.decode()
    assert "Rückgängig" in page
    browser.post(f"/vorgaenge/{case.pk}/rueckgaengig/")
    case.refresh_from_db()
    assert case.file_number == ""
    refused = browser.post(
        f"/vorgaenge/{case.pk}/zuweisen/",
        {"assignee": str(world.other_unit_caseworker.pk)},
        follow=True,
    )
    assert "kann den Vorgang nicht bearbeiten" in refused.content.decode()


def test_mail_room_stays_on_a_case_it_assigned_away_to_undo_it(world):
    """Out of the mail room's scope once assigned, the case stays in its sight within the
    undo window: back on the case page with the undo offered (before, it was sent to the
    list and could not undo a slip)."""
    case = make_case(org_unit=world.unit, status=CaseStatus.ANGENOMMEN)
    client = Client()
    client.force_login(world.poststelle)
    response = client.post(
        f"/vorgaenge/{case.pk}/zuweisen/", {"assignee": str(world.caseworker.pk)}, follow=True
    )
    assert response.redirect_chain[-1][0] == f"/vorgaenge/{case.pk}/"
    assert f"/vorgaenge/{case.pk}/rueckgaengig/" in response.content.decode()


def test_inline_view_only_for_safe_types(world, browser):
    case = make_case(org_unit=world.unit)
    pdf = case.files.get(kind="representation")
    note = case.files.get(kind="attachment")
    inline = browser.get(f"/vorgaenge/{case.pk}/dateien/{pdf.pk}/", {"anzeigen": "1"})
    assert inline["Content-Type"] == "application/pdf"
    assert inline["Content-Disposition"].startswith("inline")
    assert "sandbox" in inline["Content-Security-Policy"]
    text = browser.get(f"/vorgaenge/{case.pk}/dateien/{note.pk}/")
    assert text["Content-Disposition"].startswith("attachment")


def test_pages_with_personal_data_are_not_cached(world, browser):
    case = make_case(org_unit=world.unit)
    assert browser.get(f"/vorgaenge/{case.pk}/")["Cache-Control"] == "no-store"


def test_admin_and_operator_pages_show_no_case_content(world):
    make_case(org_unit=world.unit, applicant_name="Geheime Person")
    for user, expected in (
        (world.admin, world.unit.oe_id),
        (world.operator, world.foreign_tenant.name),
    ):
        client = Client()
        client.force_login(user)
        home = client.get("/")
        assert home["Location"] == "/verwaltung/"
        html = client.get("/verwaltung/").content.decode()
        assert expected in html
        assert "Geheime Person" not in html
        assert client.get("/vorgaenge/").context["page"].items == []


def test_csrf_is_enforced_on_actions(world):
    case = make_case(org_unit=world.unit)
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.caseworker)
    response = client.post(f"/vorgaenge/{case.pk}/aktion/annehmen/", {"version": "1"})
    assert response.status_code == 403
    assert Case.objects.get(pk=case.pk).status == CaseStatus.NEU


def test_form_values_are_shown_the_german_way(world, browser):
    case = make_case(
        org_unit=world.unit,
        form_data=[
            {"name": "d", "label": "Beginn", "dateValue": "2026-03-01"},
            {"name": "b", "label": "Nebenerwerb", "booleanValue": False},
            {"name": "n", "label": "Miete", "numberValue": 1234.5},
            {"name": "e", "label": "Bemerkung", "stringValue": ""},
        ],
    )
    html = browser.get(f"/vorgaenge/{case.pk}/").content.decode()
    assert "Beginn:</span> 01.03.2026" in html
    assert "Nebenerwerb:</span> nein" in html
    assert "Miete:</span> 1234,5" in html
    assert "Bemerkung:</span> –" in html
