"""Limits every intake channel applies to what it receives. A broken limit is an
``IntakeProblem``: the channel answers it as application/problem+json and stores nothing."""

from __future__ import annotations

from typing import IO, Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest
from django.utils.translation import gettext

from openvorgang.lib.archives import ArchiveLimits, UnsafeArchive, check_zip, is_zip
from openvorgang.lib.errors import Problem
from openvorgang.lib.files import HEAD_BYTES, executable_inside, sniff_media_type
from openvorgang.lib.xmlsafe import UnsafeXml, check_xml_stream


class IntakeProblem(Problem):
    """A refused submission: the status and code vary per refusal, so they are arguments."""

    def __init__(self, status: int, code: str, detail: str, *, part: str = "") -> None:
        super().__init__(detail)
        self.http_status = status
        self.code = code
        self.part = part


def declared_length(request: HttpRequest) -> int | None:
    """The body's length as the sender declared it (None: absent or not a number)."""
    value = request.META.get("CONTENT_LENGTH") or ""
    return int(value) if value.isdigit() else None


def check_request_size(request: HttpRequest) -> None:
    """Refuse a too large body by its declared length, before reading it."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError as exc:
        raise IntakeProblem(400, "invalid_length", gettext("Content-Length ist ungültig.")) from exc
    if length > settings.OPENVORGANG_INTAKE_MAX_REQUEST_BYTES:
        raise IntakeProblem(413, "too_large", gettext("Die Anfrage ist größer als erlaubt."))


def read_text_part(files: Any, fields: Any, name: str) -> bytes | str | None:
    """A text part (form data, metadata) sent as a field or as a file part. As a file part it
    gets the same limit Django applies to fields (``DATA_UPLOAD_MAX_MEMORY_SIZE``): 413."""
    part = files.get(name)
    if part is None:
        return fields.get(name)
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    raw: bytes = part.read(limit + 1)
    if len(raw) > limit:
        raise IntakeProblem(
            413,
            "too_large",
            gettext("Teil '%(name)s' ist größer als %(limit)s Bytes.")
            % {"name": name, "limit": limit},
        )
    return raw


def check_file_count(count: int) -> None:
    if count > settings.OPENVORGANG_INTAKE_MAX_FILES:
        raise IntakeProblem(413, "too_many_files", gettext("Zu viele Dateien in einem Antrag."))


def check_file(upload: UploadedFile) -> str:
    return check_stream(upload, size=upload.size, name=upload.name or "datei")


def check_stream(stream: IO[bytes], *, size: int | None, name: str) -> str:
    """Size, sniffed media type and, for XML, safety of one file, read from its start and left
    there again. Returns the sniffed media type."""
    if size is not None and size > settings.OPENVORGANG_INTAKE_MAX_FILE_BYTES:
        raise IntakeProblem(
            413, "too_large", gettext("Datei „%(name)s“ ist größer als erlaubt.") % {"name": name}
        )
    head = stream.read(HEAD_BYTES)
    stream.seek(0)
    media_type = sniff_media_type(head)
    if media_type not in settings.OPENVORGANG_INTAKE_ALLOWED_TYPES:
        raise IntakeProblem(
            415,
            "forbidden_type",
            gettext(
                "Datei „%(name)s“ hat einen nicht erlaubten Typ (%(kind)s). Erlaubt: %(allowed)s."
            )
            % {"name": name, "kind": type_name(media_type), "allowed": allowed_type_names()},
        )
    _check_extension(name, media_type)
    if executable_inside(stream):
        raise IntakeProblem(
            415,
            "executable_content",
            gettext("Datei „%(name)s“ enthält ein ausführbares Programm und wird nicht angenommen.")
            % {"name": name},
        )
    if media_type == "application/xml":
        try:
            check_xml_stream(stream)
        except UnsafeXml as exc:
            raise IntakeProblem(
                400,
                "unsafe_xml",
                gettext("Datei „%(name)s“: %(exc)s.") % {"name": name, "exc": exc},
            ) from exc
        finally:
            stream.seek(0)
    if is_zip(head):
        try:
            check_zip(stream, limits=ArchiveLimits())
        except UnsafeArchive as exc:
            raise IntakeProblem(
                400,
                "unsafe_archive",
                gettext("Datei „%(name)s“: %(exc)s.") % {"name": name, "exc": exc},
            ) from exc
    return media_type


def _type_names() -> dict[str, str]:
    return {
        "application/pdf": gettext("PDF"),
        "image/png": gettext("PNG-Bild"),
        "image/jpeg": gettext("JPEG-Bild"),
        "image/tiff": gettext("TIFF-Bild"),
        "application/xml": gettext("XML"),
        "application/json": gettext("JSON"),
        "text/plain": gettext("Text"),
        "application/zip": gettext("ZIP-Archiv"),
        "application/x-msdownload": gettext("Programmdatei"),
        "application/x-executable": gettext("Programmdatei"),
        "application/octet-stream": gettext("unbekanntes Format"),
    }


def type_name(media_type: str) -> str:
    """The type as people name it (an applicant does not read media types)."""
    names = _type_names()
    return names.get(media_type) or (
        gettext("Bild") if media_type.startswith("image/") else gettext("anderes Format")
    )


def allowed_type_names() -> str:
    names = dict.fromkeys(type_name(t) for t in settings.OPENVORGANG_INTAKE_ALLOWED_TYPES)
    return ", ".join(names)


# File extensions that fit each sniffed type; a name without extension is accepted (forms
# send such names), one with a different extension is not.
EXTENSIONS = {
    "application/pdf": {"pdf"},
    "image/png": {"png"},
    "image/jpeg": {"jpg", "jpeg", "jpe", "jfif"},
    "image/tiff": {"tif", "tiff"},
    "application/xml": {"xml", "xsd", "gml", "xdomea"},
    "application/json": {"json", "geojson"},
    "text/plain": {"txt", "csv", "text", "asc"},
    "application/zip": {"zip"},
}


def _check_extension(name: str, media_type: str) -> None:
    base = name.rsplit("/", 1)[-1]
    if "." not in base.strip("."):
        return
    extension = base.rsplit(".", 1)[-1].lower()
    allowed = EXTENSIONS.get(media_type)
    if allowed is not None and extension not in allowed:
        raise IntakeProblem(
            415,
            "extension_mismatch",
            gettext(
                "Datei „%(name)s“: die Endung .%(extension)s passt nicht zum Inhalt (%(kind)s)."
            )
            % {"name": name, "extension": extension, "kind": type_name(media_type)},
        )
