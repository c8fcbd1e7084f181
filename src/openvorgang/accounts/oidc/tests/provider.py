"""A real OpenID Connect provider for the tests: panva's oidc-provider (npm, certified) run by
Node.js from e2e/oidc/provider.mjs, and a small browser that signs in there over HTTP."""

from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import httpx

E2E = Path(__file__).resolve().parents[5] / "e2e"
CLIENT_ID = "openvorgang"
CLIENT_SECRET = "test-client-secret-0123456789abcdef"
OTHER_CLIENT_ID = "anderer-dienst"
CALLBACK = "http://testserver/anmelden/sso/rueckkehr/"
AFTER_LOGOUT = "http://testserver/anmelden/"

ACCOUNTS: dict[str, dict[str, Any]] = {
    "sb-kiel": {
        "preferred_username": "erika.sb",
        "given_name": "Erika",
        "family_name": "Mustermann",
        "email": "erika@kiel.example",
        "tenant": "sso-kiel",
        "roles": ["ov-sachbearbeitung", "poststelle"],
        "org_units": ["sso-oe-1", "sso-oe-fremd"],
    },
    "admin-kiel": {
        "preferred_username": "admin.sso",
        "tenant": "sso-kiel",
        "roles": ["mandanten_admin"],
    },
    "ohne-mandant": {"preferred_username": "x", "tenant": "gibt-es-nicht", "roles": ["poststelle"]},
    "ohne-rolle": {"preferred_username": "y", "tenant": "sso-kiel", "roles": ["gast"]},
}


@dataclass
class OidcProvider:
    issuer: str
    process: subprocess.Popen[str]

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


def start() -> OidcProvider:
    config = {
        "port": 0,
        "clients": [
            {
                "client_id": client_id,
                "client_secret": CLIENT_SECRET,
                "redirect_uris": [CALLBACK],
                "post_logout_redirect_uris": [AFTER_LOGOUT],
            }
            for client_id in (CLIENT_ID, OTHER_CLIENT_ID)
        ],
        "accounts": ACCOUNTS,
    }
    process = subprocess.Popen(  # noqa: S603 # nosec B603 - fixed command, test only
        ["node", str(E2E / "oidc" / "provider.mjs")],  # noqa: S607
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        cwd=E2E,
    )
    assert process.stdin is not None
    assert process.stdout is not None
    process.stdin.write(json.dumps(config))
    process.stdin.close()
    line = process.stdout.readline()
    if not line.startswith("listening "):
        process.kill()
        raise RuntimeError(f"OIDC provider did not start: {line!r} (npm ci --prefix e2e?)")
    return OidcProvider(issuer=line.split()[1], process=process)


@dataclass
class Browser:
    """The user's browser on the provider's side: keeps the provider's cookies, follows its
    redirects and fills in its login form; stops where the provider sends it back to us."""

    issuer: str
    http: httpx.Client = field(default_factory=lambda: httpx.Client(timeout=10))
    login_forms: int = 0

    def visit(self, url: str, *, login: str, amr: str = "pwd", acr: str = "") -> str:
        """Follows ``url`` at the provider until it redirects to OpenVorgang; returns that URL."""
        response = self.http.get(url)
        for _ in range(20):
            if response.is_redirect:
                location = urljoin(str(response.url), response.headers["location"])
                if not location.startswith(self.issuer):
                    return location
                response = self.http.get(location)
            elif "/interaction/" in str(response.url):
                self.login_forms += 1
                response = self.http.post(
                    f"{response.url}/login", data={"login": login, "amr": amr, "acr": acr}
                )
            elif "op.logoutForm" in response.text:
                xsrf = response.text.split('name="xsrf" value="', 1)[1].split('"', 1)[0]
                action = response.text.split('action="', 1)[1].split('"', 1)[0]
                response = self.http.post(
                    urljoin(str(response.url), action), data={"xsrf": xsrf, "logout": "yes"}
                )
            else:
                raise AssertionError(f"unexpected page at the provider: {response.status_code}")
        raise AssertionError("too many redirects at the provider")
