"""Sending a body to an HTTP peer for an outbox transport: the network error and the answers
worth retrying (5xx and the given statuses) become TransportError, named after the peer; the
caller judges every other answer."""

from __future__ import annotations

from collections.abc import Collection, Iterator
from typing import IO

import httpx
from django.utils.translation import gettext

from openvorgang.lib import egress
from openvorgang.outbox.registry import PermanentError, TransportError


def send_body(
    method: str,
    url: str,
    *,
    peer: str,
    content: bytes | IO[bytes] | Iterator[bytes],
    headers: dict[str, str],
    retry_on: Collection[int],
    auth: httpx.Auth | None = None,
    timeout: float = 30,
    guarded: bool = False,
) -> httpx.Response:
    """``guarded``: the URL was chosen by a tenant admin; internal addresses are refused
    (``lib.egress``), permanently, since retrying cannot help."""
    try:
        if guarded:
            egress.check_url(url)
    except egress.EgressRefused as exc:
        raise PermanentError(
            gettext("%(peer)s: Adresse nicht erlaubt: %(exc)s") % {"peer": peer, "exc": exc}
        ) from exc
    try:
        if guarded:
            with egress.client(timeout=timeout) as http:
                response = http.request(method, url, content=content, headers=headers, auth=auth)
        else:
            response = httpx.request(
                method, url, content=content, headers=headers, auth=auth, timeout=timeout
            )
    except httpx.HTTPError as exc:
        raise TransportError(
            gettext("%(peer)s nicht erreichbar: %(exc)s") % {"peer": peer, "exc": exc}
        ) from exc
    if response.status_code >= 500 or response.status_code in retry_on:
        raise TransportError(
            gettext("%(peer)s antwortet %(status_code)s")
            % {"peer": peer, "status_code": response.status_code},
            status_code=response.status_code,
        )
    return response
