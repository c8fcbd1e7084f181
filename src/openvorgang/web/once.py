"""Forms that never act twice.

A form that creates something (a comment, a message, a reply, a decision, a bulk action, an
export …) carries a one-time token (``{% once_field %}``). ``OnceMiddleware`` records the
token when the POST arrives, before the view runs:

- the first POST runs; if it succeeds (a redirect: post/redirect/get) the token stays used;
  if it fails (the form is shown again with its errors, a refusal, an error) the token is
  released, so the corrected form can be sent with it;
- a second POST with the same token runs nothing: the browser goes back to the page the form
  was on, with the notice that it had already been sent.

Tokens are random (128 bits) and kept for a day (``web.sweep_once_tokens``)."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext

from openvorgang.lib.http import is_machine_path
from openvorgang.web.models import OnceToken

FIELD = "_einmal"
KEEP = dt.timedelta(days=1)
_REDIRECTS = {301, 302, 303, 307, 308}


def new_token() -> str:
    return secrets.token_urlsafe(16)


class OnceMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        token = getattr(request, "_once_token", None)
        if token is not None and response.status_code not in _REDIRECTS:
            OnceToken.objects.filter(pk=token).delete()  # it failed: the form may come again
        return response

    def process_view(
        self, request: HttpRequest, view: Callable[..., Any], args: Any, kwargs: Any
    ) -> HttpResponse | None:
        if request.method != "POST" or is_machine_path(request.path):
            return None
        token = request.POST.get(FIELD, "")
        if not token or len(token) > 64:
            return None
        user = getattr(request, "user", None)
        try:
            with transaction.atomic():
                OnceToken.objects.create(
                    token=token,
                    user=user if user is not None and user.is_authenticated else None,
                    created_at=timezone.now(),
                )
        except IntegrityError:
            return _repeated(request)
        request._once_token = token  # type: ignore[attr-defined]
        return None


def _repeated(request: HttpRequest) -> HttpResponse:
    messages.info(
        request, gettext("Das Formular war bereits abgeschickt; nichts wurde doppelt angelegt.")
    )
    back = request.headers.get("Referer", "")
    safe = url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return HttpResponseRedirect(back if back and safe else request.path)


def sweep(*, now: dt.datetime | None = None) -> int:
    """Forget tokens older than a day; returns how many."""
    cutoff = (now or timezone.now()) - KEEP
    deleted, _ = OnceToken.objects.filter(created_at__lt=cutoff).delete()
    return deleted
