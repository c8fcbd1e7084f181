"""Brute force and sessions: throttled logins with a German message, a new session id at
login, idle and absolute timeouts, logout ends the server session, cookie flags."""

from __future__ import annotations

import datetime as dt

import time_machine
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

FACTORY_PASSWORD = "Geheim-Passwort-1"  # the test factories' password


def _login(client, username, password):
    return client.post("/anmelden/", {"username": username, "password": password})


def test_a_wrong_password_says_what_is_wrong_not_to_enter_it(world):
    cache.clear()
    page = _login(Client(), "sb", "falsch").content.decode()
    assert "Benutzername oder Passwort stimmen nicht" in page
    assert "Bitte einen gültigen Benutzernamen" not in page


def test_account_is_locked_after_failures_even_for_the_right_password(world, settings):
    cache.clear()
    settings.OPENVORGANG_LOGIN_MAX_FAILURES = 3
    client = Client()
    for _ in range(3):
        assert _login(client, "sb", "falsch").status_code == 200
    locked = _login(client, "sb", FACTORY_PASSWORD)
    assert locked.status_code == 200
    assert "Zu viele fehlgeschlagene Anmeldeversuche" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=16)):
        cache.clear()  # the locmem cache does not follow the travelling clock
        assert _login(Client(), "sb", FACTORY_PASSWORD).status_code == 302


def test_source_address_is_locked_across_accounts(world, settings):
    cache.clear()
    settings.OPENVORGANG_LOGIN_MAX_FAILURES = 2  # ten per address
    client = Client(REMOTE_ADDR="198.51.100.7")
    for i in range(10):
        _login(client, f"rate{i}", "falsch")
    answer = _login(client, "post", FACTORY_PASSWORD)
    assert "Zu viele fehlgeschlagene Anmeldeversuche" in answer.content.decode()
    assert _login(Client(REMOTE_ADDR="198.51.100.8"), "post", FACTORY_PASSWORD).status_code == 302


def test_new_session_id_at_login_and_logout_ends_it(world):
    cache.clear()
    client = Client()
    client.get("/anmelden/")
    client.session["x"] = 1
    before = client.cookies.get("sessionid").value if client.cookies.get("sessionid") else ""
    assert _login(client, "sb", FACTORY_PASSWORD).status_code == 302
    after = client.cookies["sessionid"].value
    assert after != before
    assert client.cookies["sessionid"]["httponly"]
    assert client.cookies["sessionid"]["samesite"] == "Lax"
    client.post("/abmelden/")
    assert not Session.objects.filter(session_key=after).exists()


def test_idle_and_absolute_timeouts(world, settings):
    cache.clear()
    settings.OPENVORGANG_SESSION_IDLE_MINUTES = 30
    settings.OPENVORGANG_SESSION_MAX_HOURS = 8
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client = Client()
        assert _login(client, "sb", FACTORY_PASSWORD).status_code == 302
        assert client.get("/vorgaenge/").status_code == 200
    with time_machine.travel(start + dt.timedelta(minutes=20), tick=False):
        assert client.get("/vorgaenge/").status_code == 200  # active: still signed in
    with time_machine.travel(start + dt.timedelta(minutes=55), tick=False):
        idle = client.get("/vorgaenge/")
        assert idle.status_code == 302
        assert idle["Location"].startswith("/anmelden/")
    with time_machine.travel(start, tick=False):
        client = Client()
        _login(client, "sb", FACTORY_PASSWORD)
    for minutes in range(25, 8 * 60, 25):  # busy all day: the absolute limit still ends it
        with time_machine.travel(start + dt.timedelta(minutes=minutes), tick=False):
            status = client.get("/vorgaenge/").status_code
    assert status == 200
    with time_machine.travel(start + dt.timedelta(hours=8, minutes=5), tick=False):
        assert client.get("/vorgaenge/").status_code == 302
