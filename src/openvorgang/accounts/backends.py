"""The password backend: Django's model backend, closed when local passwords are switched off
(OPENVORGANG_LOCAL_LOGIN=false), so that no form (sign-in page, admin) accepts a password.
It also resolves the signed-in user of every session, single sign-on sessions included."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

PATH = "openvorgang.accounts.backends.PasswordBackend"


class PasswordBackend(ModelBackend):
    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> Any:
        if not settings.OPENVORGANG_LOCAL_LOGIN:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
