"""The workplace by keyboard only (Playwright + Debian Chromium): the mail room and the
caseworker journeys with every key press counted, the documented shortcuts, and shortcuts
that never fire while typing."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from openvorgang.cases.models import Case, CaseStatus
from openvorgang.web.tests.browser import log_in

pytestmark = pytest.mark.browser


class Keys:
    """The keyboard, counting what is pressed."""

    def __init__(self, page) -> None:
        self.page = page
        self.count = 0

    def press(self, *keys: str) -> None:
        for key in keys:
            self.page.keyboard.press(key)
            self.count += 1

    def tab_to(self, selector: str, limit: int = 40) -> None:
        """Tab until ``selector`` has the focus (each Tab counted)."""
        for _ in range(limit):
            self.press("Tab")
            if self.page.evaluate(f"document.activeElement.matches({selector!r})"):
                return
        raise AssertionError(f"{selector} not reached in {limit} Tab presses")


def _first_case_by_keyboard(page, base_url: str, user, case) -> Keys:
    """Signed in, on the list: ``j`` selects the first row, Enter opens it."""
    log_in(page, base_url, user.username)
    page.goto(f"{base_url}/vorgaenge/")
    keys = Keys(page)
    keys.press("j", "Enter")
    page.wait_for_url(f"**/vorgaenge/{case.pk}/")
    return keys


def _focused(page) -> str:
    return page.evaluate("document.activeElement.outerHTML.slice(0, 120)")


def test_from_the_list_to_the_first_case_in_at_most_five_key_presses(office, page, live_server):
    post, _, case = office
    log_in(page, live_server.url, post.username)
    page.goto(f"{live_server.url}/vorgaenge/")
    keys = Keys(page)
    keys.press("j")  # the first row, its link focused
    expect(page.locator("tbody tr").first).to_have_attribute("aria-selected", "true")
    keys.press("Enter")
    page.wait_for_url(f"**/vorgaenge/{case.pk}/")
    assert keys.count <= 5, keys.count


def test_the_mail_room_assigns_a_case_by_keyboard_only(office, page, live_server):
    post, worker, case = office
    keys = _first_case_by_keyboard(page, live_server.url, post, case)
    keys.press("z")  # to "Zuweisen an"
    assert page.evaluate("document.activeElement.id") == "assignee"
    keys.press("S")  # "Sven Sachbearbeiter" chosen by its first letter
    keys.tab_to("button[type=submit]")
    keys.press("Enter")
    expect(page.get_by_text("Zuweisung gespeichert.")).to_be_visible()
    case.refresh_from_db()
    assert case.assignee == worker
    print(f"mail room: list → assigned in {keys.count} key presses")
    assert keys.count <= 12, keys.count


def test_the_caseworker_takes_and_accepts_a_case_by_keyboard_only(office, page, live_server):
    _, worker, case = office
    keys = _first_case_by_keyboard(page, live_server.url, worker, case)
    keys.press("a")  # assign to me
    expect(page.get_by_text("Zuweisung gespeichert.")).to_be_visible()
    # the skip link, then the primary next action ("Annehmen") right after the back link
    keys.press("Tab", "Enter")
    keys.tab_to("button.kern-btn--primary")
    assert "Annehmen" in _focused(page)
    keys.press("Enter")
    expect(page.get_by_text("„Annehmen“ ausgeführt.")).to_be_visible()
    case.refresh_from_db()
    assert (case.assignee, case.status) == (worker, CaseStatus.ANGENOMMEN)
    keys.press("g", "l")
    page.wait_for_url("**/vorgaenge/")
    print(f"caseworker: list → assigned and accepted → list in {keys.count} key presses")
    assert keys.count <= 12, keys.count


def test_tabs_of_the_case_switch_by_number_and_the_back_button(office, page, live_server):
    _, worker, case = office
    log_in(page, live_server.url, worker.username)
    page.goto(f"{live_server.url}/vorgaenge/{case.pk}/")
    expect(page.locator("#ueberblick")).to_be_visible()
    expect(page.locator("#formulardaten")).to_be_hidden()
    page.keyboard.press("2")
    expect(page.locator("#formulardaten")).to_be_visible()
    expect(page.locator("#ueberblick")).to_be_hidden()
    assert page.evaluate("location.hash") == "#formulardaten"
    page.keyboard.press("0")  # the tenth tab
    expect(page.locator("#verlauf")).to_be_visible()
    page.go_back()
    expect(page.locator("#formulardaten")).to_be_visible()


def test_shortcuts_never_fire_while_typing(office, page, live_server):
    post, _, _ = office
    log_in(page, live_server.url, post.username)
    page.goto(f"{live_server.url}/vorgaenge/")
    page.keyboard.press("/")  # the search field of the list
    assert page.evaluate("document.activeElement.id") == "f-leistung"
    page.keyboard.type("jkag?")
    assert page.input_value("#f-leistung") == "jkag?"
    expect(page.locator("tbody tr[aria-selected]")).to_have_count(0)
    expect(page.locator("#ov-shortcuts")).not_to_be_visible()
    assert page.url.endswith("/vorgaenge/")


def test_the_question_mark_lists_the_shortcuts(office, page, live_server):
    post, _, _ = office
    log_in(page, live_server.url, post.username)
    page.goto(f"{live_server.url}/vorgaenge/")
    page.keyboard.press("?")
    dialog = page.locator("#ov-shortcuts")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("nächster / vorheriger Vorgang")
    page.keyboard.press("Escape")
    expect(dialog).not_to_be_visible()
    assert Case.objects.count() == 1
