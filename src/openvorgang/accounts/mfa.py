"""Two-factor sign-in with TOTP for local accounts. Users whose roles are listed in
OPENVORGANG_MFA_ROLES (default: tenant admins and Land operators) must enrol before they can
use anything else; everyone may enrol. With a confirmed device, the password alone does not
sign in: the code from the authenticator app completes it."""

from __future__ import annotations

import base64
import time
from collections.abc import Callable
from typing import Any

import pyotp
import segno
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from openvorgang.accounts import backends
from openvorgang.accounts.login import _client_address, is_locked, record_failure
from openvorgang.accounts.models import TotpDevice, User
from openvorgang.accounts.oidc import client as oidc_client

PENDING = "mfa_pending"
PENDING_SECONDS = 300
ENROL_PATH = "/konto/zwei-faktor/"


def needs_mfa(user: User) -> bool:
    return any(user.has_role(role) for role in settings.OPENVORGANG_MFA_ROLES)


def confirmed_device(user: User) -> TotpDevice | None:
    return TotpDevice.objects.filter(user=user, confirmed_at__isnull=False).first()


def verify(device: TotpDevice, code: str) -> bool:
    """A code of this or a neighbouring 30 s step, never one used before."""
    code = "".join(ch for ch in code if ch.isdigit())
    totp = pyotp.TOTP(device.secret)
    now = time.time()
    for offset in (-1, 0, 1):
        step = int(now // 30) + offset
        if step > device.last_step and totp.at(step * 30) == code:
            updated = TotpDevice.objects.filter(pk=device.pk, last_step__lt=step).update(
                last_step=step
            )
            return updated == 1
    return False


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code aus der Authenticator-App"),
        max_length=10,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class MfaLoginView(LoginView):
    """The password step; with a confirmed device the sign-in waits for the code."""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["sso_enabled"] = oidc_client.enabled()
        context["sso_label"] = settings.OPENVORGANG_OIDC_LABEL
        context["local_login"] = settings.OPENVORGANG_LOCAL_LOGIN
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not settings.OPENVORGANG_LOCAL_LOGIN:
            messages.error(
                request,
                _(
                    "Die Anmeldung mit Passwort ist abgeschaltet. Bitte melden Sie sich mit "
                    "Ihrem Dienstkonto an."
                ),
            )
            return self.render_to_response(self.get_context_data(), status=403)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form: Any) -> HttpResponse:
        user = form.get_user()
        if confirmed_device(user) is None:
            return super().form_valid(form)
        self.request.session[PENDING] = {
            "user": user.pk,
            "at": time.time(),
            "next": self.get_success_url(),
        }
        return redirect("login-code")


@require_http_methods(["GET", "POST"])
def login_code(request: HttpRequest) -> HttpResponse:
    pending = request.session.get(PENDING) or {}
    user = User.objects.filter(pk=int(pending.get("user") or 0), is_active=True).first()
    if user is None or time.time() - float(pending.get("at", 0)) > PENDING_SECONDS:
        request.session.pop(PENDING, None)
        messages.error(request, _("Bitte melden Sie sich erneut an."))
        return redirect("login")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = confirmed_device(user)
        address = _client_address(request)
        if is_locked(user.username, address):
            form.add_error(None, _("Zu viele Fehlversuche. Bitte später erneut versuchen."))
        elif device is not None and verify(device, form.cleaned_data["code"]):
            request.session.pop(PENDING, None)
            login(request, user, backend=backends.PATH)
            request.session["signed_in_at"] = time.time()
            return HttpResponseRedirect(pending.get("next") or "/")
        else:
            record_failure(user.username, address)
            form.add_error("code", _("Der Code stimmt nicht oder wurde schon benutzt."))
    return render(request, "registration/login_code.html", {"form": form})


@require_http_methods(["GET", "POST"])
@login_required
def enrol(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    device, _created = TotpDevice.objects.get_or_create(
        user=user, defaults={"secret": pyotp.random_base32()}
    )
    if device.confirmed_at is not None:
        return render(request, "registration/mfa_done.html")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if verify(device, form.cleaned_data["code"]):
            TotpDevice.objects.filter(pk=device.pk).update(confirmed_at=timezone.now())
            messages.success(request, _("Zweiter Faktor eingerichtet."))
            return redirect("/")
        form.add_error("code", _("Der Code stimmt nicht. Bitte die Uhrzeit des Geräts prüfen."))
    uri = pyotp.TOTP(device.secret).provisioning_uri(name=user.username, issuer_name="OpenVorgang")
    svg = segno.make(uri, error="m").svg_inline(scale=4)
    qr = "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()
    return render(
        request, "registration/mfa_enrol.html", {"form": form, "secret": device.secret, "qr": qr}
    )


class MfaEnrolmentMiddleware:
    """Users who must use a second factor reach nothing but the enrolment (and logout) until
    they have one."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            isinstance(user, User)
            and user.is_authenticated
            and needs_mfa(user)
            and not request.session.get("oidc_id_token")  # the provider's factors count
            and not request.path.startswith((ENROL_PATH, "/abmelden/", "/static/", "/api/"))
            and confirmed_device(user) is None
        ):
            return redirect(ENROL_PATH)
        return self.get_response(request)
