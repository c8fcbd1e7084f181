"""Token generation and hashing. Tokens carry 256 bits of randomness, so a plain SHA-256 is
enough to store them (no slow hash needed) and allows an indexed look-up."""

from __future__ import annotations

import hashlib
import secrets

TOKEN_PREFIX = "ov_"  # noqa: S105 - a marker, not a secret # nosec B105


def new_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()
