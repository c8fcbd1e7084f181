"""Single sign-on against a real OpenID Connect provider: code flow with PKCE, claims mapped
to tenant, roles and org units, users created and updated just in time."""

from __future__ import annotations

import pytest

from openvorgang.accounts.models import Role, User
from openvorgang.accounts.oidc.tests import provider as op
from openvorgang.accounts.oidc.tests.conftest import authorize, sign_in, tamper_flows
from openvorgang.testing.factories import OrgUnitFactory

pytestmark = pytest.mark.django_db


def test_first_sign_in_creates_the_user_from_the_claims(client, sso, kiel):
    browser = op.Browser(sso.issuer)
    response = sign_in(client, browser, login="sb-kiel", next_url="/vorgaenge/?status=neu")

    assert response.status_code == 302
    assert response["Location"] == "/vorgaenge/?status=neu"
    user = User.objects.get(oidc_subject="sb-kiel")
    assert user.oidc_issuer == sso.issuer
    assert user.username == "erika.sb"
    assert (user.first_name, user.last_name, user.email) == (
        "Erika",
        "Mustermann",
        "erika@kiel.example",
    )
    assert user.tenant == kiel
    assert sorted(user.roles) == [Role.POSTSTELLE, Role.SACHBEARBEITUNG]
    # only the tenant's own unit; the other tenant's unit in the claim is ignored
    assert [u.oe_id for u in user.org_units.all()] == ["sso-oe-1"]
    assert not user.has_usable_password()
    assert client.get("/vorgaenge/").status_code == 200


def test_the_authorization_request_uses_pkce_state_and_nonce(client, sso, kiel):
    start = client.get("/anmelden/sso/")
    location = start["Location"]
    assert location.startswith(sso.issuer + "/auth?")
    for part in ("code_challenge_method=S256", "code_challenge=", "state=", "nonce="):
        assert part in location
    flows = client.session["oidc_flows"]
    assert len(flows) == 1
    assert len(next(iter(flows.values()))["verifier"]) >= 43


def test_a_wrong_pkce_verifier_is_refused_by_the_provider(client, sso, kiel):
    back = authorize(client, op.Browser(sso.issuer), login="sb-kiel")
    tamper_flows(client, verifier="x" * 64)

    response = client.get(back, follow=True)
    assert "nicht bestätigt" in response.content.decode()
    assert not User.objects.filter(oidc_subject="sb-kiel").exists()


def test_the_callback_cannot_be_replayed_or_forged(client, sso, kiel):
    back = authorize(client, op.Browser(sso.issuer), login="sb-kiel")
    assert client.get(back).status_code == 302
    client.logout()
    replay = client.get(back, follow=True)
    assert "abgelaufen" in replay.content.decode()
    forged = client.get("/anmelden/sso/rueckkehr/?code=abc&state=unbekannt", follow=True)
    assert "abgelaufen" in forged.content.decode()
    assert not forged.wsgi_request.user.is_authenticated


def test_a_changed_nonce_fails_the_id_token_check(client, sso, kiel):
    back = authorize(client, op.Browser(sso.issuer), login="sb-kiel")
    tamper_flows(client, nonce="eine-andere-nonce")
    response = client.get(back, follow=True)
    assert "gehört nicht zu dieser Anmeldung" in response.content.decode()
    assert not response.wsgi_request.user.is_authenticated


def test_every_sign_in_updates_roles_org_units_and_names(client, sso, kiel):
    stale_unit = OrgUnitFactory(tenant=kiel, oe_id="sso-oe-alt")
    user = User.objects.create(
        username="erika.sb",
        oidc_issuer=sso.issuer,
        oidc_subject="sb-kiel",
        tenant=kiel,
        roles=[Role.MANDANTEN_ADMIN],
        last_name="Alt",
    )
    user.org_units.set([stale_unit])

    sign_in(client, op.Browser(sso.issuer), login="sb-kiel")

    user.refresh_from_db()
    assert sorted(user.roles) == [Role.POSTSTELLE, Role.SACHBEARBEITUNG]
    assert [u.oe_id for u in user.org_units.all()] == ["sso-oe-1"]
    assert user.last_name == "Mustermann"
    assert User.objects.filter(oidc_subject="sb-kiel").count() == 1


def test_a_local_account_with_the_same_name_is_not_taken_over(client, sso, kiel):
    local = User.objects.create(username="erika.sb", tenant=kiel, roles=[Role.MANDANTEN_ADMIN])
    sign_in(client, op.Browser(sso.issuer), login="sb-kiel")
    sso_user = User.objects.get(oidc_subject="sb-kiel")
    assert sso_user.pk != local.pk
    assert sso_user.username.startswith("erika.sb-")
    assert client.session["_auth_user_id"] == str(sso_user.pk)


@pytest.mark.parametrize(
    ("login", "message"),
    [
        ("ohne-mandant", "keinem Mandanten"),
        ("ohne-rolle", "keine Rolle"),
    ],
)
def test_accounts_without_known_tenant_or_role_are_refused(client, sso, kiel, login, message):
    response = sign_in(client, op.Browser(sso.issuer), login=login)
    page = client.get(response["Location"])
    assert message in page.content.decode()
    assert not User.objects.filter(oidc_subject=login).exists()
    assert not page.wsgi_request.user.is_authenticated


def test_a_deactivated_user_cannot_sign_in_with_the_provider(client, sso, kiel):
    User.objects.create(
        username="erika.sb", oidc_issuer=sso.issuer, oidc_subject="sb-kiel", is_active=False
    )
    response = sign_in(client, op.Browser(sso.issuer), login="sb-kiel")
    assert "gesperrt" in client.get(response["Location"]).content.decode()


def test_next_cannot_leave_the_site(client, sso, kiel):
    response = sign_in(
        client, op.Browser(sso.issuer), login="sb-kiel", next_url="https://evil.example/"
    )
    assert response["Location"] == "/vorgaenge/"


def test_an_unreachable_provider_gives_a_german_message(client, settings, db):
    settings.OPENVORGANG_OIDC_ISSUER = "http://127.0.0.1:9"
    response = client.get("/anmelden/sso/", follow=True)
    assert response.status_code == 200
    assert "nicht erreichbar" in response.content.decode()


def test_without_an_issuer_single_sign_on_is_off(client, db):
    assert client.get("/anmelden/sso/").status_code == 404
    assert client.get("/anmelden/sso/rueckkehr/?code=a&state=b").status_code == 404
    assert "sso" not in client.get("/anmelden/").content.decode()
