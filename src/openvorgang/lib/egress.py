"""Outgoing requests to addresses a tenant admin chose (webhooks, HTTP and WebDAV
connectors): never into the platform's own network unless the operator allowed it.

A URL is refused when its host resolves to a loopback, link-local (cloud metadata at
169.254.169.254), private, shared (100.64/10), multicast, reserved or unspecified address,
unless the address lies in ``OPENVORGANG_EGRESS_ALLOW`` (CIDRs, e.g. the DMS's network). The
check runs when the admin saves the URL (a German form error) and again at every request:
the connection goes to the very address that was checked (the host name is resolved once,
in the network backend), so DNS cannot switch it between the check and the connection; TLS
still verifies the certificate against the host name."""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

import httpcore
import httpx
from django.conf import settings
from django.utils.translation import gettext

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


class EgressRefused(ValueError):
    """The destination is not allowed (a German message)."""


class Unresolvable(EgressRefused):
    """The host name does not resolve (now)."""


def _allowed_networks() -> list[Network]:
    return [ipaddress.ip_network(n, strict=False) for n in settings.OPENVORGANG_EGRESS_ALLOW]


def _internal(address: Address) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return not address.is_global or address.is_multicast


def check_address(address: Address, *, host: str) -> None:
    if any(address in network for network in _allowed_networks()):
        return
    if _internal(address):
        raise EgressRefused(
            gettext(
                "Die Adresse %(host)s (%(address)s) liegt in einem internen Netz und ist "
                "nicht freigegeben (OPENVORGANG_EGRESS_ALLOW)."
            )
            % {"host": host, "address": address}
        )


def resolve(host: str, port: int) -> list[Address]:
    """Every address of ``host``, each checked; EgressRefused for the first that is not
    allowed (a name with one internal address among public ones is refused whole)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        raise Unresolvable(
            gettext("Der Name %(host)s lässt sich nicht auflösen.") % {"host": host}
        ) from exc
    addresses = list(dict.fromkeys(ipaddress.ip_address(info[4][0]) for info in infos))
    for address in addresses:
        check_address(address, host=host)
    return addresses


def check_url(url: str) -> None:
    """An http(s) URL whose host's addresses are all allowed. A name that does not resolve
    (yet) passes here: the connection checks again (``GuardedBackend``)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise EgressRefused(gettext("Bitte eine http(s)-Adresse mit Rechnernamen angeben."))
    if parts.username or parts.password:
        raise EgressRefused(gettext("Zugangsdaten gehören nicht in die Adresse."))
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as exc:
        raise EgressRefused(gettext("Die Portnummer der Adresse ist ungültig.")) from exc
    try:
        resolve(parts.hostname, port)
    except Unresolvable:
        return


class GuardedBackend(httpcore.SyncBackend):
    """Resolves the host once, checks every address and connects to the first allowed one."""

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        try:
            addresses = resolve(host, port)
        except EgressRefused as exc:
            raise httpcore.ConnectError(str(exc)) from exc
        return super().connect_tcp(
            str(addresses[0]),
            port,
            timeout=timeout,
            local_address=local_address,
            socket_options=socket_options,
        )


def client(**kwargs: Any) -> httpx.Client:
    """An httpx client whose connections pass ``GuardedBackend``; no proxies from the
    environment (they would connect for us) and no redirects (each hop would need a
    check)."""
    transport = httpx.HTTPTransport()
    transport._pool._network_backend = GuardedBackend()
    return httpx.Client(transport=transport, trust_env=False, follow_redirects=False, **kwargs)
