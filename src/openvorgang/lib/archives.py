"""Inspecting ZIP containers (ZIP itself, and Office files, which are ZIPs) before anyone
unpacks them: number of entries, total uncompressed size, compression ratio (zip bombs),
nested archives, symbolic links and paths that leave the archive. Nothing is extracted; the
central directory is read from the seekable stream and the stream is left at its start."""

from __future__ import annotations

import stat
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import IO

from django.utils.translation import gettext

ZIP_MAGIC = b"PK\x03\x04"
NESTED_SUFFIXES = (".zip", ".jar", ".7z", ".rar", ".tar", ".gz", ".tgz", ".bz2", ".xz")


class UnsafeArchive(ValueError):
    pass


@dataclass(frozen=True)
class ArchiveLimits:
    max_entries: int = 1000
    max_total_bytes: int = 512 * 1024 * 1024
    max_ratio: int = 100
    max_depth: int = 1  # archives inside the archive: none by default


def is_zip(head: bytes) -> bool:
    return head.startswith(ZIP_MAGIC)


def check_zip(stream: IO[bytes], *, limits: ArchiveLimits, depth: int = 1) -> int:
    """Raise UnsafeArchive with a German reason; return the number of entries."""
    try:
        with zipfile.ZipFile(stream) as archive:
            entries = archive.infolist()
            if len(entries) > limits.max_entries:
                raise UnsafeArchive(
                    gettext("mehr als %(max_entries)s Einträge im Archiv")
                    % {"max_entries": limits.max_entries}
                )
            total = 0
            for entry in entries:
                _check_name(entry.filename)
                mode = entry.external_attr >> 16
                if stat.S_ISLNK(mode):
                    raise UnsafeArchive(
                        gettext("symbolischer Link im Archiv: %(filename)s")
                        % {"filename": entry.filename}
                    )
                total += entry.file_size
                if entry.compress_size and entry.file_size / entry.compress_size > limits.max_ratio:
                    raise UnsafeArchive(
                        gettext("„%(filename)s“ ist verdächtig stark komprimiert (Zip-Bombe?)")
                        % {"filename": entry.filename}
                    )
                if total > limits.max_total_bytes:
                    raise UnsafeArchive(gettext("entpackt größer als erlaubt"))
                if entry.filename.lower().endswith(NESTED_SUFFIXES) and depth >= limits.max_depth:
                    raise UnsafeArchive(
                        gettext("verschachteltes Archiv: %(filename)s")
                        % {"filename": entry.filename}
                    )
            return len(entries)
    except zipfile.BadZipFile as exc:
        raise UnsafeArchive(gettext("kein gültiges ZIP-Archiv: %(exc)s") % {"exc": exc}) from exc
    finally:
        stream.seek(0)


def _check_name(name: str) -> None:
    path = PurePosixPath(name.replace("\\", "/"))
    if (
        name.startswith(("/", "\\"))
        or ".." in path.parts
        or (len(name) > 1 and name[1] == ":")
        or "\x00" in name
    ):
        raise UnsafeArchive(gettext("unzulässiger Pfad im Archiv: %(name)s") % {"name": name})
