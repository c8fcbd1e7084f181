"""Who is sending? Bearer token and/or source network of a registered, active sender."""

from __future__ import annotations

import ipaddress

from django.http import HttpRequest

from openvorgang.accounts.tokens import hash_token
from openvorgang.intake.models import Sender


def _in_networks(address: str, networks: list[str]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in ipaddress.ip_network(net, strict=False) for net in networks)


def sender_for_request(request: HttpRequest) -> Sender | None:
    address = request.META.get("REMOTE_ADDR", "")
    header = request.headers.get("Authorization", "")
    if header:
        scheme, _, raw = header.partition(" ")
        if scheme.lower() != "bearer" or not raw.strip():
            return None
        sender = Sender.objects.filter(token_hash=hash_token(raw.strip()), active=True).first()
        if sender is None:
            return None
        if sender.networks and not _in_networks(address, sender.networks):
            return None
        return sender
    for sender in Sender.objects.filter(active=True, token_hash__isnull=True):
        if sender.networks and _in_networks(address, sender.networks):
            return sender
    return None
