"""Screenshots of the main pages at 1366×768 (`make screenshots`), to look at before a UI
change is called done. A throwaway SQLite data directory gets the demo data; the development
server runs on a free port; headless Chromium (Debian's, as the browser tests) signs in as the
demo's users and saves one PNG per page under var/screenshots/."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
OUT = ROOT / "var" / "screenshots"
PASSWORD = "Demo-Vorgang-2026"  # noqa: S105 - the demo's published password
CHROMIUM = os.environ.get("OPENVORGANG_CHROMIUM", "/usr/bin/chromium")
VIEWPORT = {"width": 1366, "height": 768}


ROWS_VISIBLE = (
    "[...document.querySelectorAll('tbody tr')]"
    ".filter(r => r.getBoundingClientRect().bottom <= innerHeight).length"
)
CELL_HEIGHTS = (
    "[...document.querySelector('tbody tr').children]"
    ".map(c => Math.round(c.firstElementChild ? c.firstElementChild.getBoundingClientRect().height"
    " : c.getBoundingClientRect().height))"
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _sign_in(page, url: str, username: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{url}/anmelden/")
    page.get_by_label("Benutzername").fill(username)
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_load_state()


def _shoot(page, name: str, *, full_page: bool = False) -> None:  # type: ignore[no-untyped-def]
    path = OUT / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    print(f"  {path.relative_to(ROOT)}")


def main() -> None:
    from playwright.sync_api import sync_playwright

    data = Path(tempfile.mkdtemp(prefix="ov-shots-"))
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "OPENVORGANG_DATA_DIR": str(data),
        "OPENVORGANG_BASE_URL": url,
        "DATABASE_URL": "",
        "DJANGO_SETTINGS_MODULE": "openvorgang.conf.dev",
    }
    run = [str(BIN / "openvorgang")]
    subprocess.run([*run, "migrate", "-v0"], env=env, check=True)
    subprocess.run([*run, "demo"], env=env, check=True, capture_output=True)
    # an applicant's reply to one of the caseworker's cases, so the messages look as they do
    # on a working day; then one worker pass (notices, search index, status mails as files)
    reply = (
        "from openvorgang.accounts.models import User\n"
        "from openvorgang.cases.selectors import cases_visible_to\n"
        "from openvorgang.mailbox.services import reply_receive\n"
        "user = User.objects.get(username='kiel.sachbearbeitung')\n"
        "case = cases_visible_to(user).filter(status='IN_BEARBEITUNG')"
        ".order_by('-received_at').first()\n"
        "reply_receive(case=case, text='Guten Tag, anbei die fehlende Meldebescheinigung.')\n"
        "print('CASE', case.pk)"
    )
    output = subprocess.run(
        [*run, "shell", "-c", reply], env=env, check=True, capture_output=True, text=True
    ).stdout
    replied = output.split("CASE", 1)[1].split()[0]
    # a case with an open Nachforderung (the demo sends some), its assignee, and its
    # Antragsraum, where the applicant uploads a file per document
    asked = (
        "from openvorgang.document_requests.models import DocumentRequest\n"
        "from openvorgang.mailbox.access import access_link\n"
        "r = DocumentRequest.objects.exclude(state='erfuellt').select_related('case__assignee')"
        ".order_by('-created_at').first()\n"
        "print('ASKED', r.case_id, access_link(case=r.case).split('/antragsraum/')[1],"
        " r.case.assignee.username)"
    )
    asked_out = subprocess.run(
        [*run, "shell", "-c", asked], env=env, check=True, capture_output=True, text=True
    ).stdout
    asked_case, asked_secret, asker = asked_out.split("ASKED", 1)[1].split()[:3]
    subprocess.run([*run, "worker", "--once"], env=env, check=True, capture_output=True)
    server = subprocess.Popen(
        [*run, "runserver", "--insecure", "--noreload", f"127.0.0.1:{port}"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    OUT.mkdir(parents=True, exist_ok=True)
    try:
        for _ in range(100):
            try:
                httpx.get(f"{url}/anmelden/", timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.2)
        executable = CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=executable,
                headless=True,
                args=["--no-sandbox", "--disable-dev-shm-usage"],
            )
            context = browser.new_context(locale="de-DE", viewport=VIEWPORT)
            page = context.new_page()
            print(f"Screenshots at {VIEWPORT['width']}×{VIEWPORT['height']}:")
            page.goto(f"{url}/anmelden/")
            _shoot(page, "01-anmelden")
            _sign_in(page, url, "kiel.sachbearbeitung")
            page.goto(f"{url}/vorgaenge/")
            _shoot(page, "02-vorgangsliste")
            print(f"    rows fully visible: {page.evaluate(ROWS_VISIBLE)}; cells: "
                  f"{page.evaluate(CELL_HEIGHTS)}")  # fmt: skip
            page.locator("[data-row-link]").first.click()
            page.wait_for_load_state()
            _shoot(page, "03-vorgang")
            _shoot(page, "04-vorgang-ganz", full_page=True)
            page.goto(f"{url}/vorgaenge/{replied}/#nachrichten")
            _shoot(page, "05-vorgang-nachrichten-neu")  # as shown, before the script marks it
            page.locator("form[data-mark-read]").wait_for(state="hidden")
            _shoot(page, "05-vorgang-nachrichten-gelesen")
            # the replied case is IN_BEARBEITUNG: its Bescheid tab offers the three ways
            page.goto(f"{url}/vorgaenge/{replied}/#bescheid")
            page.locator("#bescheid-extern summary").click()
            _shoot(page, "05-vorgang-bescheid", full_page=True)
            page.goto(f"{url}/vorgaenge/{replied}/#verlauf")
            page.locator("ol.history").wait_for()  # fetched when the tab opens
            _shoot(page, "05-vorgang-verlauf")
            # deadlines: the Fristen list (soonest first) and the first case's Frist tab
            page.goto(f"{url}/vorgaenge/?ansicht=fristen")
            _shoot(page, "11-fristen-liste")
            page.locator("[data-row-link]").first.click()
            page.wait_for_load_state()
            page.goto(page.url.split("#")[0] + "#frist")
            _shoot(page, "12-vorgang-frist", full_page=True)
            page.goto(f"{url}/statistik/?von=2026-06-01&einheit=monat")
            page.locator("#h-fristen").scroll_into_view_if_needed()
            page.evaluate("document.getElementById('h-fristen').scrollIntoView()")
            _shoot(page, "14-statistik-fristen")
            page.goto(f"{url}/benachrichtigungen/")
            _shoot(page, "06-benachrichtigungen")
            page.goto(f"{url}/suche/?q=Gewerbe")
            _shoot(page, "07-suche")
            page.goto(f"{url}/gibt-es-nicht/")
            _shoot(page, "08-nicht-gefunden")
            context.close()
            context = browser.new_context(locale="de-DE", viewport=VIEWPORT)
            page = context.new_page()
            page.goto(f"{url}/antragsraum/{asked_secret}")
            _shoot(page, "16-antragsraum-nachforderung", full_page=True)
            context.close()
            context = browser.new_context(locale="de-DE", viewport=VIEWPORT)
            page = context.new_page()
            _sign_in(page, url, asker)
            page.goto(f"{url}/vorgaenge/{asked_case}/#nachrichten")
            page.locator("#h-requests").scroll_into_view_if_needed()
            _shoot(page, "15-vorgang-nachforderung", full_page=True)
            context.close()
            for username, path, name in (
                ("kiel.poststelle", "/vorgaenge/", "09-poststelle"),
                ("kiel.admin", "/verwaltung/benutzer/", "10-verwaltung-benutzer"),
                ("land.betrieb", "/verwaltung/zustaendigkeiten/fristen/", "13-fristregeln"),
                ("kiel.admin", "/verwaltung/abwesenheiten/", "17-abwesenheiten"),
                ("kiel.admin", "/verwaltung/textbausteine/neu/", "18-textbaustein-neu"),
            ):
                context = browser.new_context(locale="de-DE", viewport=VIEWPORT)
                page = context.new_page()
                _sign_in(page, url, username)
                page.goto(url + path)
                _shoot(page, name)
                context.close()
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    main()
