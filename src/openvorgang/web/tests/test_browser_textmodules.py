"""Textbausteine in a real browser: the caseworker picks one beside the message field, sees
it filled in for this case, and inserts it at the cursor; one the case cannot fill says why."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from openvorgang.textmodules.models import TextModule
from openvorgang.web.tests.browser import log_in

pytestmark = pytest.mark.browser


def test_pick_preview_and_insert_a_text_module(office, page, live_server):
    _, worker, case = office
    TextModule.objects.create(
        tenant=case.tenant,
        name="Eingangsbestätigung",
        body="Guten Tag {{ antragsteller.name }}, Ihr Antrag {{ vorgang.nummer }} ist da.",
    )
    TextModule.objects.create(tenant=case.tenant, name="Mit Feld", body="{{ antrag.gibtsnicht }}")
    log_in(page, live_server.url, worker.username)
    page.goto(f"{live_server.url}/vorgaenge/{case.pk}/#nachrichten")
    field = page.get_by_label("Nachricht an die antragstellende Person")
    field.fill("Anrede: ")
    picker = page.locator('[data-target="nachricht-text"]')
    expect(picker).to_be_visible()  # shown by its script
    picker.get_by_label("Textbaustein").select_option(label="Mit Feld")
    expect(picker.locator("output")).to_contain_text("antrag.gibtsnicht")
    expect(picker.get_by_role("button", name="Einfügen")).to_be_disabled()
    picker.get_by_label("Textbaustein").select_option(label="Eingangsbestätigung")
    filled = f"Guten Tag Jürgen Schäfer, Ihr Antrag {case.number} ist da."
    expect(picker.locator("output")).to_have_text(filled)
    field.press("End")
    picker.get_by_role("button", name="Einfügen").click()
    expect(field).to_have_value("Anrede: " + filled)
    expect(field).to_be_focused()
