"""Sign-in with the provider (/anmelden/sso/), its return (/anmelden/sso/rueckkehr/) and
logout, which also ends the provider's session when the user came from there."""

from __future__ import annotations

import logging
import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from openvorgang.accounts import backends
from openvorgang.accounts.oidc import claims as claim_mapping
from openvorgang.accounts.oidc import client
from openvorgang.accounts.oidc.client import Flow, OidcError

logger = logging.getLogger(__name__)

FLOWS = "oidc_flows"
ID_TOKEN = "oidc_id_token"  # noqa: S105 - a session key, not a secret # nosec B105
MAX_FLOWS = 5
FLOW_SECONDS = 600


def _redirect_uri(request: HttpRequest) -> str:
    return request.build_absolute_uri(reverse("sso-callback"))


def _safe_next(request: HttpRequest, candidate: str) -> str:
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse(settings.LOGIN_REDIRECT_URL)


@require_GET
def start(request: HttpRequest) -> HttpResponse:
    if not client.enabled():
        raise Http404
    try:
        op = client.provider()
    except OidcError as exc:
        messages.error(request, str(exc))
        return redirect("login")
    flow = client.new_flow()
    flows = dict(request.session.get(FLOWS) or {})
    flows[flow.state] = {
        "nonce": flow.nonce,
        "verifier": flow.verifier,
        "next": _safe_next(request, request.GET.get("next", "")),
        "at": time.time(),
    }
    request.session[FLOWS] = dict(list(flows.items())[-MAX_FLOWS:])
    return HttpResponseRedirect(
        client.authorization_url(op, flow, redirect_uri=_redirect_uri(request))
    )


def _fail(request: HttpRequest, message: str) -> HttpResponse:
    messages.error(request, message)
    return redirect("login")


@require_GET
def callback(request: HttpRequest) -> HttpResponse:
    if not client.enabled():
        raise Http404
    flows = dict(request.session.get(FLOWS) or {})
    pending = flows.pop(request.GET.get("state", ""), None)
    request.session[FLOWS] = flows
    if pending is None or time.time() - float(pending["at"]) > FLOW_SECONDS:
        return _fail(request, _("Die Anmeldung ist abgelaufen. Bitte erneut anmelden."))
    if request.GET.get("error") or not request.GET.get("code"):
        return _fail(request, _("Der Anmeldedienst hat die Anmeldung abgebrochen."))
    flow = Flow(state="", nonce=pending["nonce"], verifier=pending["verifier"])
    try:
        op = client.provider()
        tokens = client.exchange_code(
            op, flow, code=request.GET["code"], redirect_uri=_redirect_uri(request)
        )
        claims = client.validate_id_token(op, tokens["id_token"], nonce=flow.nonce)
        if settings.OPENVORGANG_OIDC_REQUIRE_MFA and not claim_mapping.mfa_satisfied(claims):
            raise OidcError(
                _(
                    "Für OpenVorgang ist eine Anmeldung mit zweitem Faktor nötig. "
                    "Bitte melden Sie sich beim Anmeldedienst mit zweitem Faktor an."
                )
            )
        info = client.userinfo(op, str(tokens.get("access_token") or ""), subject=claims["sub"])
        user = claim_mapping.provision(claim_mapping.identity({**info, **claims}))
    except OidcError as exc:
        logger.warning("single sign-on refused: %s", exc)
        return _fail(request, str(exc))
    login(request, user, backend=backends.PATH)
    request.session["signed_in_at"] = time.time()
    request.session[ID_TOKEN] = tokens["id_token"]
    return HttpResponseRedirect(pending["next"])


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    """Ends the session here and, for single sign-on users, at the provider too."""
    id_token = str(request.session.get(ID_TOKEN) or "")
    logout(request)
    target = reverse(settings.LOGOUT_REDIRECT_URL)
    if id_token and client.enabled():
        try:
            op = client.provider()
        except OidcError:
            return redirect(target)
        url = client.end_session_url(
            op, id_token=id_token, redirect_uri=request.build_absolute_uri(target)
        )
        if url:
            return HttpResponseRedirect(url)
    return redirect(target)
