"""axe-core on every page type (WCAG 2.1 A and AA rules, serious and critical findings): the
list, the case page's every tab, the print view, search, notifications, statistics, the
mail room's and the deletion pages, every administration screen, the Land operator's, the
Antragsraum, sign-in and the error pages."""

from __future__ import annotations

import pytest

from openvorgang.accounts.models import Role
from openvorgang.mailbox.access import access_link
from openvorgang.testing.factories import UserFactory
from openvorgang.web.tests.browser import axe_violations, log_in, log_out

pytestmark = pytest.mark.browser

TABS = ("ueberblick", "formulardaten", "dateien", "nachrichten", "kommentare",
        "wiedervorlagen", "frist", "bescheid", "verakten", "verlauf")  # fmt: skip

ADMIN_PAGES = (
    "/verwaltung/",
    "/verwaltung/benutzer/",
    "/verwaltung/benutzer/neu/",
    "/verwaltung/organisationseinheiten/",
    "/verwaltung/bescheidvorlagen/",
    "/verwaltung/bescheidvorlagen/neu/",
    "/verwaltung/anbindungen/",
    "/verwaltung/anbindungen/neu/",
    "/verwaltung/webhooks/",
    "/verwaltung/webhooks/neu/",
    "/verwaltung/versand/",
    "/verwaltung/aufbewahrung/",
    "/verwaltung/protokoll/",
    "/verwaltung/absender/",
    "/verwaltung/zustaendigkeiten/",
    "/verwaltung/zustaendigkeiten/import/",
    "/verwaltung/zustaendigkeiten/fristen/",
    "/verwaltung/fristen/",
    "/verwaltung/nachforderungen/",
    "/verwaltung/textbausteine/",
    "/verwaltung/textbausteine/neu/",
    "/statistik/",
)


def _check(page, url: str, found: dict[str, list]) -> None:
    page.goto(url)
    violations = axe_violations(page)
    if violations:
        found[url] = violations


def test_every_page_type_passes_axe(office, page, live_server):
    post, worker, case = office
    base = live_server.url
    tenant = case.tenant
    admin = UserFactory(tenant=tenant, username="admin", roles=[Role.MANDANTEN_ADMIN])
    operator = UserFactory(tenant=tenant, username="land", roles=[Role.LAND_BETRIEB])
    deleter = UserFactory(tenant=tenant, username="del", roles=[Role.LOESCHBERECHTIGT])
    found: dict[str, list] = {}

    for url in ("/anmelden/", "/gibt-es-nicht/", "/antragsraum/kein-gueltiger-link/"):
        _check(page, base + url, found)
    secret_path = access_link(case=case).split("/antragsraum/", 1)[1]
    _check(page, f"{base}/antragsraum/{secret_path}", found)

    log_in(page, base, worker.username)
    for url in (
        "/vorgaenge/",
        "/vorgaenge/?ansicht=alle&sortierung=leistung&richtung=ab&status=FALSCH",
        "/vorgaenge/?ansicht=fristen",
        f"/vorgaenge/{case.pk}/drucken/",
        "/suche/?q=Sch%C3%A4fer",
        "/benachrichtigungen/",
        "/benachrichtigungen/einstellungen/",
        "/statistik/",
        "/konto/zwei-faktor/",
    ):
        _check(page, base + url, found)
    for tab in TABS:
        _check(page, f"{base}/vorgaenge/{case.pk}/#{tab}", found)
        page.reload()  # each tab as the page shows it after a link to it
    page.keyboard.press("?")  # the shortcut dialog, open
    violations = axe_violations(page)
    if violations:
        found["dialog"] = violations
    log_out(page, base)

    for user, urls in (
        (
            post,
            (
                "/vorgaenge/",
                f"/vorgaenge/{case.pk}/",
                "/vorgaenge/clearing/",
                "/vorgaenge/weitergeleitet/",
            ),
        ),
        (deleter, ("/vorgaenge/loeschfreigabe/",)),
        (admin, (*ADMIN_PAGES, f"/verwaltung/benutzer/{worker.pk}/")),
        (
            operator,
            (
                "/verwaltung/",
                "/verwaltung/mandanten/neu/",
                "/verwaltung/zustaendigkeiten/",
                "/verwaltung/zustaendigkeiten/fristen/",
                "/statistik/",
            ),
        ),
    ):
        log_in(page, base, user.username)
        for url in urls:
            _check(page, base + url, found)
        log_out(page, base)
    assert found == {}
