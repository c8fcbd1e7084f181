from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.test import Client

from openvorgang.accounts.oidc.tests import provider as op
from openvorgang.tenants.models import Tenant
from openvorgang.testing.factories import OrgUnitFactory, TenantFactory


@pytest.fixture(scope="session")
def oidc_provider() -> Iterator[op.OidcProvider]:
    running = op.start()
    yield running
    running.stop()


@pytest.fixture
def sso(settings, oidc_provider: op.OidcProvider, db) -> op.OidcProvider:
    settings.OPENVORGANG_OIDC_ISSUER = oidc_provider.issuer
    settings.OPENVORGANG_OIDC_CLIENT_ID = op.CLIENT_ID
    settings.OPENVORGANG_OIDC_CLIENT_SECRET = op.CLIENT_SECRET
    settings.OPENVORGANG_OIDC_SCOPES = "openid profile email openvorgang"
    settings.OPENVORGANG_OIDC_ROLE_MAP = {"ov-sachbearbeitung": "sachbearbeitung"}
    return oidc_provider


@pytest.fixture
def kiel(db) -> Tenant:
    tenant = TenantFactory(slug="sso-kiel")
    OrgUnitFactory(tenant=tenant, oe_id="sso-oe-1")
    OrgUnitFactory(oe_id="sso-oe-fremd")  # another tenant's unit: never assigned
    return tenant


def authorize(
    client: Client,
    browser: op.Browser,
    *,
    login: str,
    amr: str = "pwd",
    acr: str = "",
    next_url: str = "",
) -> str:
    """OpenVorgang → provider (login) → back: the callback path with code and state, not yet
    requested."""
    start = client.get("/anmelden/sso/", {"next": next_url} if next_url else {})
    assert start.status_code == 302, start
    back = browser.visit(start["Location"], login=login, amr=amr, acr=acr)
    assert back.startswith(op.CALLBACK), back
    return back.removeprefix("http://testserver")


def tamper_flows(client: Client, **changes: str) -> None:
    """Change what the session keeps of the open sign-ins (verifier, nonce)."""
    session = client.session
    for flow in session["oidc_flows"].values():
        flow.update(changes)
    session.save()


def sign_in(client: Client, browser: op.Browser, **kwargs: str):
    """The whole code flow: OpenVorgang → provider (login) → OpenVorgang's callback."""
    return client.get(authorize(client, browser, **kwargs))
