"""Counting the parts of a multipart body ourselves, so that no part the sender sent is lost
without a word.

Django's multipart parser silently skips a file part whose ``filename`` is empty or reduces
to nothing ("", ".", "/"), and a whole part whose headers are not UTF-8 (a file name in
Latin-1, say); it also replaces invalid UTF-8 in text parts with U+FFFD. The sender would
get a success answer for a request of which something was dropped. ``CensusUploadHandler``
(first of ``FILE_UPLOAD_HANDLERS``) therefore lets Django parse a stream that it watches
(``PartCensus``): it records every part's headers, size, SHA-256 and whether a text part is
valid UTF-8, then compares what it saw with what Django produced. Any file part with content
that Django did not produce, or a text part that is not UTF-8, refuses the whole request
(``MultiPartParserError``, answered 400 naming the part). A part with an empty name and no
content is what a browser sends for a file field left empty: nothing was sent, nothing is
missing."""

from __future__ import annotations

import codecs
import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.core.files.uploadhandler import FileUploadHandler
from django.http.multipartparser import MultiPartParser, MultiPartParserError
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext

MAX_HEADER_BYTES = 64 * 1024
_DISPOSITION = re.compile(rb"^content-disposition\s*:(?P<value>.*)$", re.IGNORECASE | re.MULTILINE)
_NAME = re.compile(rb"""(?:^|;)\s*name\s*=\s*(?:"(?P<quoted>[^"]*)"|(?P<token>[^;\s]*))""")
_FILENAME = re.compile(
    rb"""(?:^|;)\s*filename\*?\s*=\s*(?:"(?P<quoted>[^"]*)"|(?P<token>[^;\s]*))"""
)
_ENCODED = re.compile(rb"^content-transfer-encoding\s*:", re.IGNORECASE | re.MULTILINE)


@dataclass
class Part:
    index: int  # 1-based position in the body
    name: str
    filename: bytes | None  # None: a text part; b"": a file part without a name
    encoded: bool  # a Content-Transfer-Encoding: the stored bytes differ from the sent ones
    size: int = 0
    utf8: bool = True
    _digest: Any = field(default_factory=hashlib.sha256, repr=False)
    _decoder: Any = field(default=None, repr=False)

    @property
    def is_file(self) -> bool:
        return self.filename is not None

    @property
    def sha256(self) -> str | None:
        return None if self.encoded else self._digest.hexdigest()

    def take(self, data: bytes) -> None:
        if not data:
            return
        self.size += len(data)
        if self.is_file:
            self._digest.update(data)
        elif self.utf8:
            try:
                self._decoder.decode(data)
            except UnicodeDecodeError:
                self.utf8 = False

    def close(self) -> None:
        if not self.is_file and self.utf8:
            try:
                self._decoder.decode(b"", final=True)
            except UnicodeDecodeError:
                self.utf8 = False

    @property
    def label(self) -> str:
        return f"'{self.name}' (Teil {self.index})" if self.name else f"Teil {self.index}"


def _param(pattern: re.Pattern[bytes], value: bytes) -> bytes | None:
    """A parameter's raw value (quoted or a token), b"" when empty, None when absent."""
    match = pattern.search(value)
    if match is None:
        return None
    return match.group("quoted") or match.group("token") or b""


def _parse_headers(block: bytes, index: int) -> Part:
    disposition = _DISPOSITION.search(block)
    value = disposition.group("value") if disposition else b""
    raw_name = _param(_NAME, value) or b""
    filename = _param(_FILENAME, value)
    part = Part(
        index=index,
        name=raw_name.decode("utf-8", "replace").strip(),
        filename=filename,
        encoded=bool(_ENCODED.search(block)),
    )
    part._decoder = codecs.getincrementaldecoder("utf-8")()
    return part


def _unusable(filename: bytes | None) -> bool:
    """Whether Django's parser would drop a part with this file name (see its
    ``sanitize_file_name``)."""
    try:
        name = (filename or b"").decode("utf-8")
    except UnicodeDecodeError:
        return True
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    return "".join(c for c in name if c.isprintable()) in {"", ".", ".."}


class PartCensus:
    """A read-only stream wrapper that records the parts of a multipart body passing by."""

    def __init__(self, stream: Any, boundary: bytes) -> None:
        self._stream = stream
        self._first = b"--" + boundary
        self._next = b"\r\n--" + boundary
        self._buffer = b""
        self._state = "preamble"
        self.parts: list[Part] = []
        self.malformed = ""

    def read(self, size: int = -1) -> bytes:
        data: bytes = self._stream.read(size)
        if data and not self.malformed:
            self._buffer += data
            self._scan()
        return data

    def _scan(self) -> None:
        while True:
            if self._state == "epilogue":
                self._buffer = b""
                return
            if self._state == "headers":
                end = self._buffer.find(b"\r\n\r\n")
                if end < 0:
                    if len(self._buffer) > MAX_HEADER_BYTES:
                        self.malformed = f"Kopfzeilen von Teil {len(self.parts) + 1} zu lang"
                    return
                self.parts.append(_parse_headers(self._buffer[:end], len(self.parts) + 1))
                self._buffer = self._buffer[end + 4 :]
                self._state = "body"
                continue
            needle = self._first if self._state == "preamble" else self._next
            at = self._buffer.find(needle)
            if at < 0:  # keep only what may be the start of a delimiter (bounded memory)
                keep = len(needle) + 1
                if len(self._buffer) > keep:
                    if self._state == "body":
                        self.parts[-1].take(self._buffer[:-keep])
                    self._buffer = self._buffer[-keep:]
                return
            after = at + len(needle)
            if len(self._buffer) < after + 2:
                if self._state == "body":
                    self.parts[-1].take(self._buffer[:at])
                    self._buffer = self._buffer[at:]
                return
            if self._state == "body":
                self.parts[-1].take(self._buffer[:at])
                self.parts[-1].close()
            if self._buffer[after : after + 2] == b"--":
                self._state = "epilogue"
                continue
            line_end = self._buffer.find(b"\r\n", after)
            if line_end < 0:  # transport padding not yet complete
                self._buffer = self._buffer[at:]
                if self._state == "body":  # the part was closed above; do not count twice
                    self._state = "between"
                return
            self._buffer = self._buffer[line_end + 2 :]
            self._state = "headers"

    def check(self, files: MultiValueDict[str, Any]) -> None:
        """Refuse the request when Django produced fewer files than were sent, or a text part
        is not UTF-8; attach each file's SHA-256 (``sha256``) as sent."""
        if self.malformed:
            raise MultiPartParserError(
                gettext("Die multipart-Nachricht ist fehlerhaft: %(malformed)s.")
                % {"malformed": self.malformed}
            )
        for part in self.parts:
            if not part.is_file and not part.utf8:
                raise MultiPartParserError(
                    gettext("Textteil %(label)s ist kein gültiges UTF-8.") % {"label": part.label}
                )
        sent = [p for p in self.parts if p.is_file and (p.filename or p.size)]
        produced = Counter({name: len(items) for name, items in files.lists()})
        expected = Counter(p.name for p in sent)
        for name in expected:
            if produced[name] < expected[name]:
                candidates = [p for p in sent if p.name == name]
                part = next((p for p in candidates if _unusable(p.filename)), candidates[0])
                raise MultiPartParserError(
                    gettext(
                        "Dateiteil %(label)s hat keinen verwendbaren Dateinamen (leer, nur "
                        "Pfadzeichen oder nicht UTF-8); nichts wurde angenommen. Bitte mit einem "
                        "gültigen Dateinamen erneut senden."
                    )
                    % {"label": part.label}
                )
        for name, items in files.lists():
            digests = [p.sha256 for p in sent if p.name == name]
            if len(digests) == len(items):
                for item, digest in zip(items, digests, strict=True):
                    item.sha256 = digest


class CensusUploadHandler(FileUploadHandler):
    """Parses the body with Django's parser and the other handlers, through ``PartCensus``,
    then checks the result (see the module's docstring)."""

    def handle_raw_input(
        self,
        input_data: Any,
        META: dict[str, Any],
        content_length: int,
        boundary: bytes | str,
        encoding: str | None = None,
    ) -> tuple[Any, MultiValueDict[str, Any]]:
        assert self.request is not None  # Django gives every handler its request
        handlers = [h for h in self.request.upload_handlers if h is not self]
        raw_boundary = boundary.encode("ascii") if isinstance(boundary, str) else boundary
        census = PartCensus(input_data, raw_boundary)
        parser = MultiPartParser(META, census, handlers, encoding)  # type: ignore[arg-type]
        post, files = parser.parse()
        census.check(files)
        return post, files

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None
