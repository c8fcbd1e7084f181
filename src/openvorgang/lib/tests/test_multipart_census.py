"""The census of multipart parts: what Django's parser drops is noticed, counted against the
raw body, and refuses the request."""

from __future__ import annotations

import hashlib
import io

import pytest
from django.http.multipartparser import MultiPartParserError
from django.test import RequestFactory

from openvorgang.lib.multipart import PartCensus
from openvorgang.testing.multipart import BOUNDARY, CONTENT_TYPE, body, part


def _parse(raw: bytes):
    request = RequestFactory().generic("POST", "/x", raw, content_type=CONTENT_TYPE)
    return request.POST, request.FILES


def _census(raw: bytes, chunk: int) -> PartCensus:
    census = PartCensus(io.BytesIO(raw), BOUNDARY.encode())
    while census.read(chunk):
        pass
    return census


@pytest.mark.parametrize("chunk", [1, 7, 64, 100_000])
def test_the_census_sees_every_part_whatever_the_chunking(chunk):
    raw = body(
        part("metadata", '{"ä": 1}'.encode()),
        part("attachment", b"A" * 300 + b"\r\n--not-the-boundary", filename=b"a.txt"),
        part("attachment", b"", filename=b""),
        part("attachment", b"x", filename="Gr\xfc\xdfe.txt".encode("latin-1")),
    )
    parts = _census(raw, chunk).parts
    assert [(p.name, p.filename, p.size) for p in parts] == [
        ("metadata", None, 9),
        ("attachment", b"a.txt", 320),
        ("attachment", b"", 0),
        ("attachment", "Grüße.txt".encode("latin-1"), 1),
    ]
    assert parts[1].sha256 == hashlib.sha256(b"A" * 300 + b"\r\n--not-the-boundary").hexdigest()
    assert parts[0].utf8


@pytest.mark.parametrize(
    ("filename", "why"),
    [
        (b"", "empty"),
        (b"/", "only a path"),
        (b"..", "parent"),
        ("ä.pdf".encode("latin-1"), "latin-1"),
    ],
)
def test_a_file_part_django_would_drop_refuses_the_request(filename, why):
    raw = body(part("file", b"%PDF-1.4 data", filename=filename))
    with pytest.raises(MultiPartParserError, match="'file' \\(Teil 1\\)"):
        _parse(raw)


def test_an_empty_file_field_of_a_browser_is_no_file():
    post, files = _parse(body(part("text", b"Hallo"), part("dateien", b"", filename=b"")))
    assert post["text"] == "Hallo"
    assert len(files) == 0


def test_invalid_utf8_in_a_text_part_refuses_the_request():
    with pytest.raises(MultiPartParserError, match="'text' \\(Teil 1\\) ist kein gültiges UTF-8"):
        _parse(body(part("text", b"Gr\xfc\xdfe")))


def test_files_carry_the_digest_of_the_bytes_sent():
    raw = body(part("f", b"eins", filename=b"1.txt"), part("f", b"zwei", filename=b"2.txt"))
    _, files = _parse(raw)
    assert [f.sha256 for f in files.getlist("f")] == [
        hashlib.sha256(b"eins").hexdigest(),
        hashlib.sha256(b"zwei").hexdigest(),
    ]


def test_a_long_preamble_is_not_kept_in_memory():
    census = PartCensus(io.BytesIO(b"x" * 5_000_000 + body(part("a", b"1"))), BOUNDARY.encode())
    while census.read(64 * 1024):
        assert len(census._buffer) < 70 * 1024
    assert [(p.name, p.size) for p in census.parts] == [("a", 1)]
