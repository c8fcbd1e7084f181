"""Who is sending? Bearer token and/or source network of a registered, active sender.

Token look-ups are cached per process for ``OPENVORGANG_SENDER_CACHE_SECONDS`` (default 10):
intake then costs one query less per submission. Saving or deleting a sender or a tenant clears this
process's cache at once; other server processes see the change within that time."""

from __future__ import annotations

import ipaddress
import threading
import time

from django.conf import settings
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.http import HttpRequest
from django.utils.translation import gettext

from openvorgang.accounts.tokens import hash_token
from openvorgang.intake.limits import IntakeProblem
from openvorgang.intake.models import Sender
from openvorgang.lib.ratelimit import limited, record_miss
from openvorgang.tenants.models import Tenant

_cache: dict[str, tuple[float, Sender]] = {}
_lock = threading.Lock()


def _in_networks(address: str, networks: list[str]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in ipaddress.ip_network(net, strict=False) for net in networks)


def _sender_by_token(raw: str) -> Sender | None:
    token_hash = hash_token(raw)
    now = time.monotonic()
    hit = _cache.get(token_hash)
    if hit is not None and hit[0] > now:
        return hit[1]
    sender = (
        Sender.objects.select_related("tenant").filter(token_hash=token_hash, active=True).first()
    )
    ttl = settings.OPENVORGANG_SENDER_CACHE_SECONDS
    with _lock:
        if sender is None or ttl <= 0:
            _cache.pop(token_hash, None)
        else:
            _cache[token_hash] = (now + ttl, sender)
    return sender


@receiver([post_save, post_delete], sender=Sender)
@receiver([post_save, post_delete], sender=Tenant)
def _forget_senders(**_: object) -> None:
    with _lock:
        _cache.clear()


def sender_for_request(request: HttpRequest) -> Sender | None:
    """The sender of a request, or None (the failure counts toward the client's limit; past
    it, IntakeProblem 429 before any look-up)."""

    if limited("intake-auth", request, limit=settings.OPENVORGANG_INTAKE_FAILED_AUTH_PER_MINUTE):
        raise IntakeProblem(
            429, "too_many_attempts", gettext("Zu viele fehlgeschlagene Anmeldungen; bitte warten.")
        )
    sender = _identify(request)
    if sender is None:
        record_miss("intake-auth", request)
    return sender


def _identify(request: HttpRequest) -> Sender | None:
    address = request.META.get("REMOTE_ADDR", "")
    header = request.headers.get("Authorization", "")
    if header:
        scheme, _, raw = header.partition(" ")
        if scheme.lower() != "bearer" or not raw.strip():
            return None
        sender = _sender_by_token(raw.strip())
        if sender is None:
            return None
        if sender.networks and not _in_networks(address, sender.networks):
            return None
        return sender
    for sender in Sender.objects.select_related("tenant").filter(
        active=True, token_hash__isnull=True
    ):
        if sender.networks and _in_networks(address, sender.networks):
            return sender
    return None
