"""WebDAV: the package is PUT (streamed) into the configured collection with basic
authentication; 201/204 mean stored."""

from __future__ import annotations

from urllib.parse import quote

import httpx
from django.core.files.storage import default_storage

from openvorgang.outbox.models import Delivery
from openvorgang.outbox.registry import PermanentError, TransportError, transport
from openvorgang.records.connectors import transport_name
from openvorgang.records.services import auth_for, content_type_of, export_for_delivery, export_sent


@transport(transport_name("webdav"))
def put_package(delivery: Delivery) -> int | None:
    export, connector = export_for_delivery(delivery)
    url = connector.target.rstrip("/") + "/" + quote(export.file_name)
    with default_storage.open(export.storage_name, "rb") as body:
        try:
            response = httpx.put(
                url,
                content=iter(lambda: body.read(1024 * 1024), b""),
                headers={
                    "Content-Type": content_type_of(export),
                    "Content-Length": str(export.size),
                },
                auth=auth_for(connector),
                timeout=60,
            )
        except httpx.HTTPError as exc:
            raise TransportError(f"WebDAV-Server nicht erreichbar: {exc}") from exc
    if response.status_code >= 500 or response.status_code in (408, 423, 429):
        raise TransportError(
            f"WebDAV-Server antwortet {response.status_code}", status_code=response.status_code
        )
    if response.status_code >= 400:
        raise PermanentError(
            f"WebDAV-Server lehnt ab ({response.status_code})", status_code=response.status_code
        )
    export_sent(export, reference="")
    return response.status_code
