"""HTTP(S) upload: the package is POSTed (streamed) to the configured endpoint with a bearer
token or basic authentication. A 2xx answer may carry the DMS's reference as JSON
(``reference`` or ``aktenzeichen``) or an xdomea 0402 receipt; 5xx, 408 and 429 are retried."""

from __future__ import annotations

import httpx
from django.core.files.storage import default_storage
from django.utils.translation import gettext, gettext_lazy

from openvorgang.lib.files import iter_chunks
from openvorgang.outbox.http import send_body
from openvorgang.outbox.models import Delivery
from openvorgang.outbox.registry import PermanentError, transport
from openvorgang.records.models import Export
from openvorgang.records.registry import ConnectorPlugin, check_url, register, transport_name
from openvorgang.records.services import (
    auth_for,
    content_type_of,
    export_for_delivery,
    export_sent,
    receipt_import,
)
from openvorgang.records.xdomea.receipts import BadReceipt

register(ConnectorPlugin(name="http", label=gettext_lazy("HTTP(S)-Upload"), check_target=check_url))


@transport(transport_name("http"))
def post_package(delivery: Delivery) -> int | None:
    export, connector = export_for_delivery(delivery)
    with default_storage.open(export.storage_name, "rb") as body:
        response = send_body(
            "POST",
            connector.target,
            peer="DMS",
            content=iter_chunks(body),
            headers={
                "Content-Type": content_type_of(export),
                "Content-Length": str(export.size),
                "Content-Disposition": f'attachment; filename="{export.file_name}"',
                "X-OpenVorgang-Export": str(export.process_id),
            },
            auth=auth_for(connector),
            timeout=60,
            retry_on=(408, 429),
            guarded=True,
        )
    if response.status_code >= 400:
        raise PermanentError(
            gettext("DMS lehnt ab (%(status_code)s): %(answer)s")
            % {"status_code": response.status_code, "answer": response.text[:300]},
            status_code=response.status_code,
        )
    _answer(export, response)
    return response.status_code


def _answer(export: Export, response: httpx.Response) -> None:
    kind = response.headers.get("content-type", "")
    if "xml" in kind and response.content:
        try:
            receipt_import(response.content)
            return
        except BadReceipt:
            pass  # not a receipt: the upload itself succeeded
    reference = ""
    if "json" in kind:
        try:
            body = response.json()
        except ValueError:
            body = {}
        if isinstance(body, dict):
            reference = str(body.get("reference") or body.get("aktenzeichen") or "")
    export_sent(export, reference=reference[:300])
