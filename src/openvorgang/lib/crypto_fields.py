"""Secrets at rest: model fields that store their value encrypted (Fernet: AES-128-CBC with
HMAC-SHA256) and decrypt it on load. Keys come from OPENVORGANG_FIELD_KEYS (comma-separated,
the first encrypts, all decrypt: add a new key in front to rotate, then re-save); without it a
key is derived from SECRET_KEY. Values from before encryption (no ``enc:v1:`` prefix) are read
as they are and encrypted on the next save."""

from __future__ import annotations

import base64
import hashlib
import json
from functools import lru_cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models

PREFIX = "enc:v1:"


@lru_cache(maxsize=4)
def _fernet(keys: tuple[str, ...], secret_key: str) -> MultiFernet:
    if not keys:
        derived = hashlib.sha256(f"openvorgang-field-key:{secret_key}".encode()).digest()
        keys = (base64.urlsafe_b64encode(derived).decode(),)
    try:
        return MultiFernet([Fernet(k.encode()) for k in keys])
    except ValueError as exc:
        raise ImproperlyConfigured(
            "OPENVORGANG_FIELD_KEYS: jeder Schlüssel muss 32 Bytes URL-sicheres Base64 sein "
            "(z. B. aus cryptography.fernet.Fernet.generate_key())."
        ) from exc


def _cipher() -> MultiFernet:
    return _fernet(tuple(settings.OPENVORGANG_FIELD_KEYS), settings.SECRET_KEY)


def encrypt(value: str) -> str:
    return PREFIX + _cipher().encrypt(value.encode()).decode()


def decrypt(stored: str) -> str:
    if not stored.startswith(PREFIX):
        return stored  # written before encryption; encrypted on the next save
    try:
        return _cipher().decrypt(stored[len(PREFIX) :].encode()).decode()
    except InvalidToken as exc:
        raise ImproperlyConfigured(
            "Ein verschlüsseltes Feld lässt sich mit keinem Schlüssel aus "
            "OPENVORGANG_FIELD_KEYS (oder dem aus SECRET_KEY abgeleiteten) entschlüsseln."
        ) from exc


class EncryptedTextField(models.TextField):
    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> str | None:
        return decrypt(value) if value else value

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value in (None, ""):
            return value
        return value if str(value).startswith(PREFIX) else encrypt(str(value))


class EncryptedJSONField(models.TextField):
    """JSON (e.g. a private JWK) stored encrypted."""

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> Any:
        if value is None:
            return None
        plain = decrypt(value)
        return json.loads(plain) if isinstance(plain, str) else plain

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str):
            try:
                return json.loads(decrypt(value))
            except ValueError:
                return value
        return value

    def get_prep_value(self, value: Any) -> Any:
        if value is None:
            return None
        return encrypt(json.dumps(value, sort_keys=True))
