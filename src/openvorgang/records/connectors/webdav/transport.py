"""WebDAV: the package is PUT (streamed) into the configured collection with basic
authentication; 201/204 mean stored."""

from __future__ import annotations

from urllib.parse import quote

from django.core.files.storage import default_storage
from django.utils.translation import gettext, gettext_lazy

from openvorgang.lib.files import iter_chunks
from openvorgang.outbox.http import send_body
from openvorgang.outbox.models import Delivery
from openvorgang.outbox.registry import PermanentError, transport
from openvorgang.records.registry import ConnectorPlugin, check_url, register, transport_name
from openvorgang.records.services import auth_for, content_type_of, export_for_delivery, export_sent

register(ConnectorPlugin(name="webdav", label=gettext_lazy("WebDAV"), check_target=check_url))


@transport(transport_name("webdav"))
def put_package(delivery: Delivery) -> int | None:
    export, connector = export_for_delivery(delivery)
    url = connector.target.rstrip("/") + "/" + quote(export.file_name)
    with default_storage.open(export.storage_name, "rb") as body:
        response = send_body(
            "PUT",
            url,
            peer="WebDAV-Server",
            content=iter_chunks(body),
            headers={
                "Content-Type": content_type_of(export),
                "Content-Length": str(export.size),
            },
            auth=auth_for(connector),
            timeout=60,
            retry_on=(408, 423, 429),
            guarded=True,
        )
    if response.status_code >= 400:
        raise PermanentError(
            gettext("WebDAV-Server lehnt ab (%(status_code)s)")
            % {"status_code": response.status_code},
            status_code=response.status_code,
        )
    export_sent(export, reference="")
    return response.status_code
