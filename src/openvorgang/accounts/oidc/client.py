"""The protocol side: provider discovery, the authorization request, the code exchange and
ID token validation. Every failure is an :class:`OidcError` with a German message that the
sign-in page can show; nothing here raises into a 500."""

from __future__ import annotations

import base64
import hashlib
import secrets
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import httpx
import jwt
from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _

ALGORITHMS = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512"]
DISCOVERY_SECONDS = 3600
LEEWAY_SECONDS = 60


class OidcError(Exception):
    """Sign-in with the provider failed; ``str()`` is the German message for the user."""


@dataclass(frozen=True)
class Provider:
    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    jwks_uri: str
    userinfo_endpoint: str
    end_session_endpoint: str


@dataclass(frozen=True)
class Flow:
    """What the authorization request leaves in the session for the callback."""

    state: str
    nonce: str
    verifier: str


def enabled() -> bool:
    return bool(settings.OPENVORGANG_OIDC_ISSUER)


def _get(url: str, **kwargs: Any) -> dict[str, Any]:
    try:
        response = httpx.get(url, timeout=settings.OPENVORGANG_OIDC_TIMEOUT_SECONDS, **kwargs)
        response.raise_for_status()
        data = response.json()
    except (httpx.HTTPError, ValueError) as exc:
        raise OidcError(_("Der Anmeldedienst ist nicht erreichbar.")) from exc
    if not isinstance(data, dict):
        raise OidcError(_("Der Anmeldedienst hat ungültig geantwortet."))
    return data


def provider() -> Provider:
    """The provider's endpoints from its discovery document (cached for an hour)."""
    issuer = settings.OPENVORGANG_OIDC_ISSUER.rstrip("/")
    key = "oidc-discovery:" + hashlib.sha256(issuer.encode()).hexdigest()
    doc = cache.get(key)
    if doc is None:
        doc = _get(issuer + "/.well-known/openid-configuration")
        if doc.get("issuer", "").rstrip("/") != issuer:
            raise OidcError(_("Der Anmeldedienst meldet einen anderen Aussteller."))
        cache.set(key, doc, DISCOVERY_SECONDS)
    try:
        return Provider(
            issuer=doc["issuer"],
            authorization_endpoint=doc["authorization_endpoint"],
            token_endpoint=doc["token_endpoint"],
            jwks_uri=doc["jwks_uri"],
            userinfo_endpoint=doc.get("userinfo_endpoint", ""),
            end_session_endpoint=doc.get("end_session_endpoint", ""),
        )
    except KeyError as exc:
        raise OidcError(_("Der Anmeldedienst hat ungültig geantwortet.")) from exc


def _challenge(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode()).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def new_flow() -> Flow:
    return Flow(
        state=secrets.token_urlsafe(32),
        nonce=secrets.token_urlsafe(32),
        verifier=secrets.token_urlsafe(64),
    )


def authorization_url(op: Provider, flow: Flow, *, redirect_uri: str) -> str:
    query = {
        "response_type": "code",
        "client_id": settings.OPENVORGANG_OIDC_CLIENT_ID,
        "redirect_uri": redirect_uri,
        "scope": settings.OPENVORGANG_OIDC_SCOPES,
        "state": flow.state,
        "nonce": flow.nonce,
        "code_challenge": _challenge(flow.verifier),
        "code_challenge_method": "S256",
    }
    return f"{op.authorization_endpoint}?{urlencode(query)}"


def exchange_code(op: Provider, flow: Flow, *, code: str, redirect_uri: str) -> dict[str, Any]:
    """The token response for ``code``, sent with the PKCE verifier and the client's
    credentials (client_secret_basic)."""
    try:
        response = httpx.post(
            op.token_endpoint,
            data={
                "grant_type": "authorization_code",
                "code": code,
                "redirect_uri": redirect_uri,
                "code_verifier": flow.verifier,
            },
            auth=(settings.OPENVORGANG_OIDC_CLIENT_ID, settings.OPENVORGANG_OIDC_CLIENT_SECRET),
            timeout=settings.OPENVORGANG_OIDC_TIMEOUT_SECONDS,
        )
    except httpx.HTTPError as exc:
        raise OidcError(_("Der Anmeldedienst ist nicht erreichbar.")) from exc
    if response.status_code != 200:
        raise OidcError(_("Der Anmeldedienst hat die Anmeldung nicht bestätigt."))
    try:
        tokens = response.json()
    except ValueError as exc:
        raise OidcError(_("Der Anmeldedienst hat ungültig geantwortet.")) from exc
    if not isinstance(tokens, dict) or not isinstance(tokens.get("id_token"), str):
        raise OidcError(_("Der Anmeldedienst hat kein ID-Token geliefert."))
    return tokens


def _signing_key(op: Provider, token: str) -> Any:
    try:
        header = jwt.get_unverified_header(token)
    except jwt.PyJWTError as exc:
        raise OidcError(_("Das ID-Token ist ungültig.")) from exc
    if header.get("alg") not in ALGORITHMS:
        raise OidcError(_("Das ID-Token ist nicht zulässig signiert."))
    keys = jwt.PyJWKSet.from_dict(_get(op.jwks_uri)).keys
    for key in keys:
        if header.get("kid") in (None, key.key_id):
            return key
    raise OidcError(_("Der Schlüssel des ID-Tokens ist unbekannt."))


def validate_id_token(op: Provider, token: str, *, nonce: str) -> dict[str, Any]:
    """The claims of a valid ID token: signed with a key of the provider's JWKS by an
    asymmetric algorithm, from our issuer, for our client, not expired, with our nonce."""
    key = _signing_key(op, token)
    try:
        claims: dict[str, Any] = jwt.decode(
            token,
            key,
            algorithms=ALGORITHMS,
            audience=settings.OPENVORGANG_OIDC_CLIENT_ID,
            issuer=op.issuer,
            leeway=LEEWAY_SECONDS,
            options={"require": ["iss", "sub", "aud", "exp", "iat"]},
        )
    except jwt.PyJWTError as exc:
        raise OidcError(_("Das ID-Token ist ungültig.")) from exc
    if not secrets.compare_digest(str(claims.get("nonce", "")), nonce):
        raise OidcError(_("Das ID-Token gehört nicht zu dieser Anmeldung."))
    azp = claims.get("azp")
    if azp is not None and azp != settings.OPENVORGANG_OIDC_CLIENT_ID:
        raise OidcError(_("Das ID-Token ist für einen anderen Dienst ausgestellt."))
    return claims


def userinfo(op: Provider, access_token: str, *, subject: str) -> dict[str, Any]:
    """The userinfo claims (empty without an endpoint); they must describe the same subject."""
    if not op.userinfo_endpoint or not access_token:
        return {}
    info = _get(op.userinfo_endpoint, headers={"Authorization": f"Bearer {access_token}"})
    if info.get("sub") != subject:
        raise OidcError(_("Die Angaben des Anmeldedienstes passen nicht zum ID-Token."))
    return info


def end_session_url(op: Provider, *, id_token: str, redirect_uri: str) -> str:
    """Where to send the browser to end the provider's session ("" if it cannot)."""
    if not op.end_session_endpoint:
        return ""
    query = {
        "id_token_hint": id_token,
        "post_logout_redirect_uri": redirect_uri,
        "client_id": settings.OPENVORGANG_OIDC_CLIENT_ID,
    }
    return f"{op.end_session_endpoint}?{urlencode(query)}"
