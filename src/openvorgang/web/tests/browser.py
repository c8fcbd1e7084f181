"""Helpers for the browser tests: Playwright driving Debian's Chromium, and axe-core (from npm,
``e2e/``) injected into pages for accessibility checks."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[4]
AXE = ROOT / "e2e" / "node_modules" / "axe-core" / "axe.min.js"
FACTORY_PASSWORD = "Geheim-Passwort-1"  # the test factories' password
CHROMIUM = os.environ.get("OPENVORGANG_CHROMIUM", "/usr/bin/chromium")


def require_tools() -> None:
    """Fail (not skip) with instructions when the browser or axe-core is missing: these
    tests are part of `make test`; `.ci/run` installs both."""
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        pytest.fail("Chromium fehlt: apt-get install -y chromium (oder .ci/run ausführen)")
    if not AXE.exists():
        pytest.fail("axe-core fehlt: npm ci --prefix e2e (make test erledigt das)")


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    require_tools()
    # Playwright's sync API runs an event loop in this thread; the test code around it
    # uses the ORM synchronously, which is safe here.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium"),
            headless=True,
            args=["--no-sandbox", "--disable-dev-shm-usage"],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(chromium: Any) -> Iterator[Any]:
    # bypass_csp: the test injects axe-core as an inline script, which our CSP forbids
    context = chromium.new_context(
        locale="de-DE", viewport={"width": 1280, "height": 900}, bypass_csp=True
    )
    context.set_default_timeout(15_000)
    # assertions wait for the page the last click loads (is_visible() would look at once,
    # before a slow CI machine has rendered it)
    from playwright.sync_api import expect

    expect.set_options(timeout=15_000)
    page = context.new_page()
    yield page
    context.close()


def log_in(page: Any, base_url: str, username: str, password: str = FACTORY_PASSWORD) -> None:
    page.goto(f"{base_url}/anmelden/")
    page.get_by_label("Benutzername").fill(username)
    page.get_by_label("Passwort").fill(password)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_load_state()


def log_out(page: Any, base_url: str) -> None:
    page.context.clear_cookies()


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """Serious and critical axe-core violations (WCAG 2.1 A and AA rules) on the page."""
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        """async () => await axe.run(document, {
            runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}
        })"""
    )
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [n["target"] for n in v["nodes"][:3]],
        }
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
