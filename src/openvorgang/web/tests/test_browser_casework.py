"""End to end in a real browser (Playwright + Debian Chromium): the mail room assigns a new case,
the caseworker accepts it, comments, sets a follow-up, asks the applicant a question, the
applicant answers with a file in the Antragsraum, the caseworker finds the case by the
applicant's name with and without umlaut, starts processing, issues the decision, and the
applicant downloads it. axe-core checks the list, detail, search and applicant pages for serious
or critical WCAG 2.1 AA violations on the way."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from openvorgang.cases.models import Case, CaseStatus
from openvorgang.casework.models import Comment, FollowUp
from openvorgang.jobs.worker import run_until_idle
from openvorgang.mailbox.access import access_link
from openvorgang.search.indexing import index_stale
from openvorgang.testing.factories import (
    PDF_BYTES,
)
from openvorgang.testing.pdfa import pdf_text
from openvorgang.web.tests.browser import axe_violations, log_in, log_out

pytestmark = pytest.mark.browser


def _no_violations(page, where):
    violations = axe_violations(page)
    assert violations == [], f"{where}: {violations}"


def _tab(page, name: str) -> None:
    page.locator("[data-tab]", has_text=name).click()
    expect(page.get_by_role("heading", name=name, exact=False).first).to_be_visible()


def test_mail_room_and_caseworker_process_a_case(office, page, live_server):
    post, worker, case = office
    url = live_server.url

    # the mail room finds the new case and assigns it
    log_in(page, url, post.username)
    page.goto(f"{url}/vorgaenge/")
    assert page.get_by_role("link", name="Neu").get_attribute("aria-current") == "page"
    _no_violations(page, "Vorgangsliste")
    page.get_by_role("link", name=case.number).click()
    _no_violations(page, "Vorgang")
    page.get_by_label("Zuweisen an").select_option(label="Sven Sachbearbeiter")
    page.get_by_role("button", name="Zuweisen", exact=True).click()
    expect(page.get_by_text("Zuweisung gespeichert.")).to_be_visible()
    log_out(page, url)

    # the caseworker takes it from "Meine"
    log_in(page, url, worker.username)
    page.goto(f"{url}/vorgaenge/?ansicht=meine")
    page.get_by_role("link", name=case.number).click()
    page.get_by_role("button", name="Annehmen").click()
    expect(page.get_by_text("„Annehmen“ ausgeführt.")).to_be_visible()

    _tab(page, "Kommentare")
    page.get_by_label("Neuer Kommentar").fill("Gewerbeauskunft angefordert.")
    page.get_by_role("button", name="Kommentieren").click()
    expect(page.get_by_text("Kommentar gespeichert.")).to_be_visible()

    assert page.evaluate("location.hash") == "#kommentare"  # the answer opens the same tab
    due = (timezone.localdate() + dt.timedelta(days=7)).isoformat()
    _tab(page, "Wiedervorlagen")
    page.get_by_label("Betreff", exact=True).fill("Auskunft da?")
    page.get_by_label("fällig am").fill(due)
    page.get_by_role("button", name="Wiedervorlage setzen").click()
    expect(page.get_by_text("Wiedervorlage gespeichert.")).to_be_visible()

    # a question to the applicant; the applicant answers in the Antragsraum with a file
    _tab(page, "Nachrichten")
    page.get_by_label("Nachricht an die antragstellende Person").fill(
        "Bitte Gewerbeauskunft senden."
    )
    page.get_by_role("button", name="Nachricht senden").click()
    expect(page.get_by_text("Nachricht gespeichert")).to_be_visible()
    applicant = page.context.browser.new_context(locale="de-DE", bypass_csp=True).new_page()
    secret_path = access_link(case=case).split("/antragsraum/", 1)[1]
    applicant.goto(f"{url}/antragsraum/{secret_path}")
    expect(applicant.get_by_text("Bitte Gewerbeauskunft senden.")).to_be_visible()
    _no_violations(applicant, "Antragsraum")
    applicant.get_by_label("Ihre Nachricht").fill("Anbei die Auskunft.")
    applicant.get_by_label("Dateien", exact=False).set_input_files(
        files=[{"name": "Auskunft.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}]
    )
    applicant.get_by_role("button", name="Senden").click()
    expect(applicant.get_by_text("Ihre Antwort ist eingegangen.")).to_be_visible()
    applicant.context.close()
    page.goto(f"{url}/vorgaenge/?ansicht=nachrichten")
    page.get_by_role("link", name=case.number).click()
    # not read while another tab is shown: the overview points to it
    page.wait_for_load_state("networkidle")
    assert page.locator("form[data-mark-read]").get_attribute("hidden") is None
    page.get_by_role("link", name="Neue Nachricht der antragstellenden Person", exact=False).click()
    messages = page.locator("#nachrichten")
    expect(messages.get_by_text("Anbei die Auskunft.")).to_be_visible()
    expect(messages.get_by_role("link", name="Auskunft.pdf")).to_be_visible()
    # shown as new; the page's script marks it read (a POST) and hides the button
    expect(page.locator("form[data-mark-read]")).to_have_attribute("hidden", "")
    page.goto(f"{url}/vorgaenge/?ansicht=nachrichten")
    expect(page.get_by_role("link", name=case.number)).to_have_count(0)  # read now
    page.goto(f"{url}/vorgaenge/{case.pk}/")

    # search by name, with and without umlaut (the worker keeps the index)
    index_stale()
    for query in ("Schäfer", "Schaefer"):
        page.goto(f"{url}/suche/")
        page.get_by_label("Suchbegriff", exact=False).fill(query)
        page.get_by_role("button", name="Suchen").click()
        expect(page.get_by_role("link", name=case.number)).to_be_visible()
    _no_violations(page, "Suche")

    page.get_by_role("link", name=case.number).click()
    page.get_by_role("button", name="Bearbeiten", exact=True).click()
    _tab(page, "Verlauf")  # fetched when its tab opens
    history = page.locator("ol.history")
    for entry in (
        "Antrag eingegangen",
        "Zugewiesen: niemand → Sven Sachbearbeiter",
        "Annehmen: Neu → Angenommen",
        "Bearbeiten: Angenommen → In Bearbeitung",
    ):
        expect(history).to_contain_text(entry)

    # the decision: previewed, issued with a free text, through the Antragsraum (consent given)
    _tab(page, "Bescheid")
    page.get_by_label("Freitext", exact=False).fill("Auflage: Aushang im Schaufenster.")
    page.get_by_label("Bescheid jetzt erlassen und versenden (nicht umkehrbar)", exact=True).check()
    _no_violations(page, "Vorgang mit Bescheid-Formular")
    page.get_by_role("button", name="Bescheid erlassen und versenden").click()
    expect(page.get_by_text("Bescheid erlassen und zum Versand gegeben")).to_be_visible()
    _tab(page, "Verlauf")
    expect(page.locator("ol.history")).to_contain_text(
        "Bescheid versandt (Bescheid) über Antragsraum"
    )
    run_until_idle("test")
    applicant = page.context.browser.new_context(locale="de-DE", bypass_csp=True).new_page()
    applicant.goto(f"{url}/antragsraum/{secret_path}")
    expect(applicant.get_by_text("Bescheid versandt (Bekanntgabe am")).to_be_visible()
    with applicant.expect_download() as download:
        applicant.get_by_role("link", name=f"Bescheid-{case.number}.pdf").click(modifiers=["Alt"])
    assert pdf_text(Path(download.value.path()).read_bytes()).count("Aushang im Schaufenster") == 1
    applicant.context.close()

    case.refresh_from_db()
    assert (case.status, case.assignee) == (CaseStatus.BESCHIEDEN, worker)
    assert Comment.objects.get(case=case).text == "Gewerbeauskunft angefordert."
    assert FollowUp.objects.get(case=case).due_on.isoformat() == due
    assert Case.objects.count() == 1


def test_keyboard_only_login_and_skip_link(office, page, live_server):
    post, _, case = office
    page.goto(f"{live_server.url}/anmelden/")
    page.get_by_label("Benutzername").focus()
    page.keyboard.type(post.username)
    page.keyboard.press("Tab")
    page.keyboard.type("Geheim-Passwort-1")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/vorgaenge/")
    # the first Tab on a page reaches the skip link; it jumps to the main content
    page.evaluate("document.activeElement && document.activeElement.blur()")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Zum Inhalt springen"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"
    # focus is visible: the focused link has an outline
    page.get_by_role("link", name=case.number).focus()
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("", "none")
    _no_violations(page, "Vorgangsliste (Poststelle)")


def test_the_accessibility_check_catches_violations(page):
    """The check above can fail: axe reports a picture without text and an unlabelled field."""
    page.set_content('<html lang="de"><head><title>t</title></head><body><main>'
                     '<img src="data:,"><input type="text"></main></body></html>')  # fmt: skip
    assert {v["id"] for v in axe_violations(page)} >= {"image-alt", "label"}
