"""Counting failures per client in a time window (the cache; with several processes use a
shared cache such as Redis): the anonymous and machine entry points answer 429 once a client
has failed too often."""

from __future__ import annotations

import hashlib

from django.core.cache import cache
from django.http import HttpRequest

WINDOW_SECONDS = 60


def _key(scope: str, request: HttpRequest) -> str:
    address = str(request.META.get("REMOTE_ADDR", ""))
    return f"ratelimit:{scope}:{hashlib.sha256(address.encode()).hexdigest()[:32]}"


def count(key: str) -> int:
    """Failures counted under ``key`` in its current window."""
    return int(cache.get(key, 0))


def hit(key: str, *, window: int) -> None:
    """Count one failure under ``key``; the window starts with the first one."""
    cache.add(key, 0, timeout=window)
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)


def limited(scope: str, request: HttpRequest, *, limit: int) -> bool:
    return count(_key(scope, request)) >= limit


def record_miss(scope: str, request: HttpRequest, *, window: int = WINDOW_SECONDS) -> None:
    hit(_key(scope, request), window=window)
