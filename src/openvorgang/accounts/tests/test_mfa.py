"""Two-factor sign-in (TOTP): admins must enrol before anything else; with a device the
password alone does not sign in; codes are checked, not reusable, and failures count toward
the lock."""

from __future__ import annotations

import pyotp
import pytest
from django.core.cache import cache
from django.test import Client

from openvorgang.accounts.models import TotpDevice

PASSWORD = "Geheim-Passwort-1"  # the test factories' password


@pytest.fixture(autouse=True)
def mfa_for_admins(settings):
    settings.OPENVORGANG_MFA_ROLES = ["mandanten_admin", "land_betrieb"]
    cache.clear()


def _login(client, username):
    return client.post("/anmelden/", {"username": username, "password": PASSWORD})


def test_admin_must_enrol_before_anything_else(world):
    client = Client()
    assert _login(client, "admin").status_code == 302
    assert client.get("/verwaltung/").url == "/konto/zwei-faktor/"
    page = client.get("/konto/zwei-faktor/").content.decode()
    assert "data:image/svg+xml;base64," in page
    device = TotpDevice.objects.get(user=world.admin)
    assert device.secret in page  # for entering by hand
    bad = client.post("/konto/zwei-faktor/", {"code": "000000"})
    assert "stimmt nicht" in bad.content.decode()
    code = pyotp.TOTP(device.secret).now()
    assert client.post("/konto/zwei-faktor/", {"code": code}).status_code == 302
    assert client.get("/verwaltung/").status_code == 200


def test_caseworkers_need_no_second_factor(world):
    client = Client()
    _login(client, "sb")
    assert client.get("/vorgaenge/").status_code == 200


def test_with_a_device_the_code_completes_the_sign_in(world):
    device = TotpDevice.objects.create(user=world.admin, secret=pyotp.random_base32())
    TotpDevice.objects.filter(pk=device.pk).update(confirmed_at="2026-01-01T00:00:00Z")
    client = Client()
    answer = _login(client, "admin")
    assert answer.url == "/anmelden/code/"
    assert "_auth_user_id" not in client.session  # not signed in with the password alone
    assert client.get("/verwaltung/").status_code == 302
    wrong = client.post("/anmelden/code/", {"code": "123456"})
    assert "stimmt nicht" in wrong.content.decode()
    code = pyotp.TOTP(device.secret).now()
    assert client.post("/anmelden/code/", {"code": code}).status_code == 302
    assert client.get("/verwaltung/").status_code == 200
    # the same code cannot be used again (replay)
    other = Client()
    _login(other, "admin")
    replay = other.post("/anmelden/code/", {"code": code})
    assert "stimmt nicht oder wurde schon benutzt" in replay.content.decode()


def test_code_step_expires_and_failures_lock(world, settings):
    settings.OPENVORGANG_LOGIN_MAX_FAILURES = 2
    device = TotpDevice.objects.create(user=world.admin, secret=pyotp.random_base32())
    TotpDevice.objects.filter(pk=device.pk).update(confirmed_at="2026-01-01T00:00:00Z")
    client = Client()
    _login(client, "admin")
    for _ in range(2):
        client.post("/anmelden/code/", {"code": "000000"})
    locked = client.post("/anmelden/code/", {"code": pyotp.TOTP(device.secret).now()})
    assert "Zu viele Fehlversuche" in locked.content.decode()
    assert Client().get("/anmelden/code/").status_code == 302  # nothing pending: back to login


def test_secret_is_stored_encrypted(world):
    from django.db import connection

    device = TotpDevice.objects.create(user=world.admin, secret=pyotp.random_base32())
    with connection.cursor() as cursor:
        cursor.execute("SELECT secret FROM accounts_totpdevice WHERE id = %s", [device.pk])
        raw = cursor.fetchone()[0]
    assert raw.startswith("enc:v1:")
    assert device.secret not in raw
