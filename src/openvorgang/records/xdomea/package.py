"""The export package: one ZIP with the xdomea message ``<ProzessID>_Abgabe.Abgabe.0401.xml``
and every primary document under its ``<UUID>_<name>``, streamed from storage (files are never
read whole; already compressed formats are stored, not deflated again)."""

from __future__ import annotations

import datetime as dt
import shutil
import uuid
import zipfile
from dataclasses import dataclass
from typing import IO

from django.core.files.storage import default_storage
from django.utils.translation import override

from openvorgang.cases.models import Case
from openvorgang.records.xdomea.mapping import Document, case_documents
from openvorgang.records.xdomea.message import MESSAGE_NAME, Party, build_message
from openvorgang.records.xdomea.protocol import protocol_pdf

CHUNK = 1024 * 1024
_COMPRESSED = {
    "pdf",
    "png",
    "jpg",
    "jpeg",
    "jpe",
    "gif",
    "webp",
    "zip",
    "docx",
    "xlsx",
    "pptx",
    "odt",
    "ods",
    "odp",
    "tif",
    "tiff",
}


@dataclass(frozen=True)
class Built:
    message_name: str
    documents: list[Document]


def package_name(process_id: uuid.UUID) -> str:
    return f"{process_id}_{MESSAGE_NAME}.zip"


def write_package(
    out: IO[bytes],
    *,
    case: Case,
    version: str,
    process_id: uuid.UUID,
    sender: Party,
    receiver: Party,
    created: dt.datetime,
) -> Built:
    """Write the ZIP for ``case`` to ``out``. Raises InvalidMessage (nothing usable written)
    if the message does not validate against the xdomea schema of ``version``."""
    with override("de"):
        documents = case_documents(case, protocol_pdf=protocol_pdf(case))
        message = build_message(
            case=case,
            documents=documents,
            version=version,
            process_id=process_id,
            sender=sender,
            receiver=receiver,
            created=created,
        )
    message_name = f"{process_id}_{MESSAGE_NAME}.xml"
    with zipfile.ZipFile(out, "w", allowZip64=True) as archive:
        archive.writestr(message_name, message, compress_type=zipfile.ZIP_DEFLATED)
        for document in documents:
            for item in document.walk():
                _add(archive, item)
    return Built(message_name=message_name, documents=documents)


def _add(archive: zipfile.ZipFile, document: Document) -> None:
    part = document.part
    info = zipfile.ZipInfo(part.package_name, date_time=_zip_time(part.created_at))
    info.compress_type = (
        zipfile.ZIP_STORED if part.extension in _COMPRESSED else zipfile.ZIP_DEFLATED
    )
    with archive.open(info, "w", force_zip64=True) as target:
        if part.content is not None:
            target.write(part.content)
        else:
            with default_storage.open(part.storage_name, "rb") as source:
                shutil.copyfileobj(source, target, CHUNK)


def _zip_time(moment: dt.datetime | None) -> tuple[int, int, int, int, int, int]:
    if moment is None or moment.year < 1980:
        return (1980, 1, 1, 0, 0, 0)
    return (moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second)
