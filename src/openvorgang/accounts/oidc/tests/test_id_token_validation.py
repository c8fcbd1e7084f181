"""The ID token checks on tokens of the real provider (and forgeries of them)."""

from __future__ import annotations

import datetime as dt

import jwt
import pytest
import time_machine
from cryptography.hazmat.primitives.asymmetric import rsa

from openvorgang.accounts.oidc import client
from openvorgang.accounts.oidc.client import OidcError
from openvorgang.accounts.oidc.tests import provider as op

pytestmark = pytest.mark.django_db


@pytest.fixture
def issued(sso, kiel) -> tuple[client.Provider, str, str]:
    """An ID token the provider issued to OpenVorgang, and its nonce."""
    provider = client.provider()
    flow = client.new_flow()
    url = client.authorization_url(provider, flow, redirect_uri=op.CALLBACK)
    back = op.Browser(sso.issuer).visit(url, login="sb-kiel")
    code = back.split("code=", 1)[1].split("&", 1)[0]
    tokens = client.exchange_code(provider, flow, code=code, redirect_uri=op.CALLBACK)
    return provider, tokens["id_token"], flow.nonce


def test_a_valid_token_gives_its_claims(issued, sso):
    provider, token, nonce = issued
    claims = client.validate_id_token(provider, token, nonce=nonce)
    assert claims["sub"] == "sb-kiel"
    assert claims["iss"] == sso.issuer
    assert claims["aud"] == op.CLIENT_ID


def test_a_token_for_another_client_is_refused(issued, settings):
    provider, token, nonce = issued
    settings.OPENVORGANG_OIDC_CLIENT_ID = op.OTHER_CLIENT_ID
    with pytest.raises(OidcError, match="ungültig"):
        client.validate_id_token(provider, token, nonce=nonce)


def test_an_expired_token_is_refused(issued):
    provider, token, nonce = issued
    later = dt.datetime.now(tz=dt.UTC) + dt.timedelta(hours=2)
    with time_machine.travel(later, tick=False), pytest.raises(OidcError, match="ungültig"):
        client.validate_id_token(provider, token, nonce=nonce)


def test_a_token_from_another_issuer_is_refused(issued):
    provider, token, nonce = issued
    other = client.Provider(**{**provider.__dict__, "issuer": "https://anderer.example"})
    with pytest.raises(OidcError, match="ungültig"):
        client.validate_id_token(other, token, nonce=nonce)


def test_a_token_signed_with_a_foreign_key_is_refused(issued):
    provider, token, nonce = issued
    claims = jwt.decode(token, options={"verify_signature": False})
    header = jwt.get_unverified_header(token)
    foreign = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    forged = jwt.encode(claims, foreign, algorithm="RS256", headers={"kid": header["kid"]})
    with pytest.raises(OidcError, match="ungültig"):
        client.validate_id_token(provider, forged, nonce=nonce)


@pytest.mark.parametrize("alg", ["HS256", "none"])
def test_symmetric_or_unsigned_tokens_are_refused(issued, alg):
    provider, token, nonce = issued
    claims = jwt.decode(token, options={"verify_signature": False})
    key = op.CLIENT_SECRET if alg == "HS256" else None
    forged = jwt.encode(claims, key, algorithm=alg)
    with pytest.raises(OidcError, match="nicht zulässig signiert"):
        client.validate_id_token(provider, forged, nonce=nonce)
