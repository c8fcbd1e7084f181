"""Streaming storage of uploaded files: one pass computes size and SHA-256, keeps the head for
media type sniffing, and writes through Django's storage API. Files are stored under a generated
name; the client's file name is kept only as metadata."""

from __future__ import annotations

import contextlib
import hashlib
import io
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

import filetype
from django.core.files import File
from django.core.files.storage import Storage, default_storage

HEAD_BYTES = 8192
_COMMON = (
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
)
CHUNK_BYTES = 64 * 1024


@dataclass(frozen=True)
class StoredFile:
    storage_name: str
    size: int
    sha256: str
    media_type: str


class _HashingReader(io.RawIOBase):
    """A forward-only reader that hashes, counts and remembers the head of what passes through."""

    def __init__(self, source: IO[bytes]) -> None:
        self._source = source
        self.digest = hashlib.sha256()
        self.size = 0
        self.head = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        data = self._source.read(len(buffer))
        if not data:
            return 0
        n = len(data)
        buffer[:n] = data
        self.digest.update(data)
        self.size += n
        if len(self.head) < HEAD_BYTES:
            self.head += data[: HEAD_BYTES - len(self.head)]
        return n


def store_stream(
    source: IO[bytes], *, storage_name: str, storage: Storage | None = None
) -> StoredFile:
    """Write ``source`` to ``storage`` under ``storage_name`` in one streaming pass."""
    target = storage or default_storage
    if hasattr(source, "seek"):
        with contextlib.suppress(OSError, io.UnsupportedOperation):
            source.seek(0)
    reader = _HashingReader(source)
    buffered = io.BufferedReader(reader, buffer_size=CHUNK_BYTES)
    saved_name = target.save(storage_name, File(buffered, name=storage_name))
    return StoredFile(
        storage_name=saved_name,
        size=reader.size,
        sha256=reader.digest.hexdigest(),
        media_type=sniff_media_type(reader.head),
    )


def iter_chunks(stream: IO[bytes], chunk_size: int = CHUNK_BYTES) -> Iterator[bytes]:
    while chunk := stream.read(chunk_size):
        yield chunk


def sniff_media_type(head: bytes) -> str:
    """Media type from the content's first bytes, never from the client's claim."""
    for magic, media_type in _COMMON:  # most uploads; filetype would try ~100 matchers first
        if head.startswith(magic):
            return media_type
    kind = filetype.guess(head)
    if kind is not None:
        return str(kind.mime)
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith(b"<?xml") or (stripped.startswith(b"<") and b">" in stripped[:200]):
        return "application/xml"
    if stripped[:1] in (b"{", b"["):
        return "application/json"
    if not head or b"\x00" in head:
        return "application/octet-stream"
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        # Only a multi-byte character cut off at the end of a full head is acceptable.
        if len(head) < HEAD_BYTES or exc.start < len(head) - 3:
            return "application/octet-stream"
    return "text/plain"


_UNSAFE_NAME = re.compile(r"[\x00-\x1f\x7f/\\:*?\"<>|]+")


def clean_file_name(name: str | None, *, fallback: str = "datei") -> str:
    """A display name for a client-supplied file name: no path parts, no control characters,
    at most 200 characters (the extension kept)."""
    raw = unicodedata.normalize("NFC", name or "")
    raw = raw.replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = _UNSAFE_NAME.sub("_", raw).strip(" .")
    if not cleaned:
        return fallback
    if len(cleaned) > 200:
        stem, dot, ext = cleaned.rpartition(".")
        cleaned = (
            stem[: 200 - len(ext) - 1] + dot + ext if dot and len(ext) <= 10 else cleaned[:200]
        )
    return cleaned


def sha256_of(upload: Any) -> str:
    """The SHA-256 of an uploaded file: the one the multipart census computed while the body
    streamed in (``lib.multipart``), else read once more, in chunks."""
    known = getattr(upload, "sha256", None)
    if known:
        return str(known)
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in iter_chunks(upload):
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


# Executables hidden in an allowed file (a "polyglot": a PDF header, then a program): a
# Windows PE image ("MZ" whose header offset points at "PE\0\0") or an ELF image (magic,
# class, byte order and version), anywhere in the file. Other formats are left to the virus
# scanner (cases.scanning), which looks into files as well.
_ELF = re.compile(rb"\x7fELF[\x01\x02][\x01\x02]\x01")
_MZ = re.compile(rb"MZ")
_PE_OFFSET_MAX = 4096


def executable_inside(stream: IO[bytes], chunk_size: int = 1024 * 1024) -> bool:
    """Whether the file holds a PE or ELF executable; reads it once, leaves it at its start."""
    overlap = _PE_OFFSET_MAX + 64
    tail = b""
    try:
        for chunk in iter_chunks(stream, chunk_size):
            window = tail + chunk
            if _ELF.search(window) or _has_pe(window):
                return True
            tail = window[-overlap:]
        return False
    finally:
        stream.seek(0)


def _has_pe(window: bytes) -> bool:
    for match in _MZ.finditer(window):
        start = match.start()
        if start + 0x40 > len(window):
            break
        offset = int.from_bytes(window[start + 0x3C : start + 0x40], "little")
        if (
            0x40 <= offset <= _PE_OFFSET_MAX
            and window[start + offset : start + offset + 4] == b"PE\0\0"
        ):
            return True
    return False
