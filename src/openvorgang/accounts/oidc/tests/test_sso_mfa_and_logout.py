"""With single sign-on: the provider's acr/amr must show a second factor when required; logout
ends the provider's session too; local passwords can be switched off."""

from __future__ import annotations

import pytest
from django.contrib.auth import authenticate
from django.contrib.sessions.models import Session

from openvorgang.accounts.models import Role, User
from openvorgang.accounts.oidc.tests import provider as op
from openvorgang.accounts.oidc.tests.conftest import sign_in
from openvorgang.testing.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_required_mfa_refuses_a_password_only_sign_in(client, settings, sso, kiel):
    settings.OPENVORGANG_OIDC_REQUIRE_MFA = True
    response = sign_in(client, op.Browser(sso.issuer), login="sb-kiel", amr="pwd")
    page = client.get(response["Location"])
    assert "zweitem Faktor" in page.content.decode()
    assert not page.wsgi_request.user.is_authenticated
    assert not User.objects.filter(oidc_subject="sb-kiel").exists()


def test_required_mfa_accepts_an_amr_with_a_second_factor(client, settings, sso, kiel):
    settings.OPENVORGANG_OIDC_REQUIRE_MFA = True
    response = sign_in(client, op.Browser(sso.issuer), login="sb-kiel", amr="pwd,otp")
    assert response["Location"] == "/vorgaenge/"
    assert client.get("/vorgaenge/").status_code == 200


def test_required_mfa_accepts_a_configured_acr(client, settings, sso, kiel):
    settings.OPENVORGANG_OIDC_REQUIRE_MFA = True
    settings.OPENVORGANG_OIDC_MFA_ACR = ["urn:openvorgang:mfa"]
    settings.OPENVORGANG_OIDC_MFA_AMR = []
    response = sign_in(
        client, op.Browser(sso.issuer), login="sb-kiel", amr="pwd", acr="urn:openvorgang:mfa"
    )
    assert response["Location"] == "/vorgaenge/"


def test_without_the_setting_a_password_only_sign_in_is_enough(client, sso, kiel):
    response = sign_in(client, op.Browser(sso.issuer), login="sb-kiel", amr="pwd")
    assert response["Location"] == "/vorgaenge/"


def test_single_sign_on_admins_are_not_sent_to_totp_enrolment(client, settings, sso, kiel):
    settings.OPENVORGANG_MFA_ROLES = [Role.MANDANTEN_ADMIN.value]
    sign_in(client, op.Browser(sso.issuer), login="admin-kiel")
    assert client.get("/verwaltung/benutzer/").status_code == 200


def test_logout_ends_the_session_here_and_at_the_provider(client, sso, kiel):
    browser = op.Browser(sso.issuer)
    sign_in(client, browser, login="sb-kiel")
    assert browser.login_forms == 1
    session_key = client.session.session_key

    response = client.post("/abmelden/")

    location = response["Location"]
    assert location.startswith(sso.issuer + "/session/end?")
    assert "id_token_hint=" in location
    assert not Session.objects.filter(session_key=session_key).exists()
    assert client.get("/vorgaenge/").status_code == 302
    # the browser follows to the provider, which ends its session and sends it back
    assert browser.visit(location, login="sb-kiel") == op.AFTER_LOGOUT
    # signing in again needs the provider's login form again (no silent single sign-on)
    sign_in(client, browser, login="sb-kiel")
    assert browser.login_forms == 2


def test_while_the_provider_session_lasts_sign_in_is_silent(client, sso, kiel):
    browser = op.Browser(sso.issuer)
    sign_in(client, browser, login="sb-kiel")
    client.logout()  # only here, not at the provider
    sign_in(client, browser, login="sb-kiel")
    assert browser.login_forms == 1


def test_local_passwords_can_be_switched_off(client, settings, sso, kiel):
    UserFactory(username="lokal", tenant=kiel)
    settings.OPENVORGANG_LOCAL_LOGIN = False

    page = client.get("/anmelden/").content.decode()
    assert 'type="password"' not in page
    assert "/anmelden/sso/" in page
    response = client.post("/anmelden/", {"username": "lokal", "password": "Geheim-Passwort-1"})
    assert response.status_code == 403
    assert "Passwort ist abgeschaltet" in response.content.decode()
    assert not response.wsgi_request.user.is_authenticated
    assert authenticate(username="lokal", password="Geheim-Passwort-1") is None
    # single sign-on still works
    assert sign_in(client, op.Browser(sso.issuer), login="sb-kiel")["Location"] == "/vorgaenge/"


def test_local_passwords_work_while_switched_on(client, kiel):
    UserFactory(username="lokal", tenant=kiel)
    response = client.post("/anmelden/", {"username": "lokal", "password": "Geheim-Passwort-1"})
    assert response.status_code == 302
    assert authenticate(username="lokal", password="Geheim-Passwort-1") is not None


def test_the_admin_signs_in_through_the_protected_page(client, db):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"] == "/anmelden/?next=/admin/"
