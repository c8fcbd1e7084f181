"""Sign-in protection: failed logins are counted per account and per source address; after
OPENVORGANG_LOGIN_MAX_FAILURES (per account) or five times that (per address) within the
lock window, further attempts are refused with a clear German message until the window has
passed — also with the right password. Sessions end after OPENVORGANG_SESSION_IDLE_MINUTES
without a request and OPENVORGANG_SESSION_MAX_HOURS after signing in."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import redirect_to_login
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext, gettext_lazy

from openvorgang.lib.ratelimit import count, hit


def _key(kind: str, value: str) -> str:
    return f"login-fail:{kind}:{hashlib.sha256(value.lower().encode()).hexdigest()}"


def _client_address(request: HttpRequest | None) -> str:
    return str(request.META.get("REMOTE_ADDR", "")) if request is not None else ""


def _limits() -> tuple[int, int, int]:
    per_account = settings.OPENVORGANG_LOGIN_MAX_FAILURES
    return per_account, per_account * 5, settings.OPENVORGANG_LOGIN_LOCK_MINUTES * 60


def is_locked(username: str, address: str) -> bool:
    per_account, per_address, _ = _limits()
    return (
        count(_key("user", username)) >= per_account or count(_key("addr", address)) >= per_address
    )


def record_failure(username: str, address: str) -> None:
    _, _, window = _limits()
    for key in (_key("user", username), _key("addr", address)):
        hit(key, window=window)


def clear_failures(username: str) -> None:
    cache.delete(_key("user", username))


class ThrottledAuthenticationForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        # Django's text asks to enter what was just entered.
        "invalid_login": gettext_lazy(
            "Benutzername oder Passwort stimmen nicht. Bitte prüfen Sie beides; Groß- und "
            "Kleinschreibung zählen."
        ),
        "locked": gettext_lazy(
            "Zu viele fehlgeschlagene Anmeldeversuche. Aus Sicherheitsgründen ist die Anmeldung "
            "für %(minutes)s Minuten gesperrt."
        ),
    }

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username") or ""
        address = _client_address(self.request)
        if is_locked(username, address):
            raise forms.ValidationError(
                self.error_messages["locked"],
                code="locked",
                params={"minutes": settings.OPENVORGANG_LOGIN_LOCK_MINUTES},
            )
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            record_failure(username, address)
            raise
        clear_failures(username)
        self.request.session["signed_in_at"] = time.time()  # type: ignore[union-attr]
        return cleaned


class SessionTimeoutMiddleware:
    """Ends a session after the idle and absolute limits (checked on every request; the last
    activity is written at most once a minute)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and hasattr(request, "session"):
            now = time.time()
            session = request.session
            signed_in = float(session.get("signed_in_at") or now)
            seen = float(session.get("seen_at") or now)
            idle = settings.OPENVORGANG_SESSION_IDLE_MINUTES * 60
            absolute = settings.OPENVORGANG_SESSION_MAX_HOURS * 3600
            if now - seen > idle or now - signed_in > absolute:
                logout(request)
                messages.info(request, gettext("Ihre Sitzung ist abgelaufen. Bitte neu anmelden."))
                return redirect_to_login(request.get_full_path())
            if "signed_in_at" not in session:
                session["signed_in_at"] = now
            if now - seen > 60 or "seen_at" not in session:
                session["seen_at"] = now
        return self.get_response(request)
