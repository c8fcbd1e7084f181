"""What the two postbox channels share: the request body is built into a spooled file (files
as base64, never whole in memory) and posted with the installation's bearer token."""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import IO

import httpx

from openvorgang.lib.spool import spool
from openvorgang.mailbox.models import Message
from openvorgang.outbox.http import send_body


def post_message(
    message: Message,
    *,
    build: Callable[[Message, IO[bytes]], None],
    url: str,
    token: str,
    content_type: str,
    peer: str,
    retry_on: Collection[int],
) -> httpx.Response:
    with spool() as body:
        build(message, body)
        size = body.tell()
        body.seek(0)
        return send_body(
            "POST",
            url,
            peer=peer,
            content=body,
            headers={
                "Content-Type": content_type,
                "Content-Length": str(size),
                "Authorization": f"Bearer {token}",
            },
            retry_on=retry_on,
        )
