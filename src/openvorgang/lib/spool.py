"""Build large request bodies (files as base64 inside XML or JSON) in a temporary file instead
of memory, then stream them to the peer."""

from __future__ import annotations

import base64
import tempfile
from typing import IO

from django.core.files.storage import default_storage

SPOOL_IN_MEMORY = 1024 * 1024
_CHUNK = 3 * 256 * 1024  # a multiple of 3: base64 of each chunk joins without padding


def spool() -> IO[bytes]:
    """A binary buffer that moves to disk above 1 MiB."""
    return tempfile.SpooledTemporaryFile(max_size=SPOOL_IN_MEMORY)


def write_base64(out: IO[bytes], storage_name: str) -> None:
    """Append the stored file's base64 to ``out``, chunk by chunk."""
    with default_storage.open(storage_name, "rb") as src:
        while chunk := src.read(_CHUNK):
            out.write(base64.b64encode(chunk))
