"""The signature of a webhook call: HMAC-SHA256 over ``<timestamp>.<body>`` with the
subscription's secret, sent as ``X-OpenVorgang-Signature: v1=<hex>`` beside
``X-OpenVorgang-Timestamp``. Receivers recompute it, compare in constant time and refuse
timestamps older than a few minutes (replay)."""

from __future__ import annotations

import hashlib
import hmac
import time

TOLERANCE_SECONDS = 300


def sign(secret: str, timestamp: int, body: bytes) -> str:
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return "v1=" + mac.hexdigest()


def verify(
    secret: str, timestamp: str, body: bytes, signature: str, *, now: float | None = None
) -> bool:
    """What a receiver does (used by our tests and documented for implementers)."""
    try:
        moment = int(timestamp)
    except ValueError:
        return False
    if abs((now if now is not None else time.time()) - moment) > TOLERANCE_SECONDS:
        return False
    return hmac.compare_digest(sign(secret, moment, body), signature)
