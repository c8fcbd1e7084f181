from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import uuid

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from openvorgang.lib.files import clean_file_name, sniff_media_type, store_stream
from openvorgang.lib.keys import validate_ars, validate_leika_key
from openvorgang.lib.keyset import Cursor, InvalidCursor


@pytest.mark.parametrize("ars", ["010020000000", "160000000000", "010545439046"])
def test_valid_ars(ars):
    validate_ars(ars)


@pytest.mark.parametrize(
    "ars",
    [
        "",
        "01002000000",
        "0100200000001",
        "000020000000",
        "170000000000",
        "01002000000a",
        "０１００２０００００００",
    ],
)
def test_invalid_ars(ars):
    with pytest.raises(ValidationError):
        validate_ars(ars)


def test_leika_key():
    validate_leika_key("99050012104000")
    with pytest.raises(ValidationError):
        validate_leika_key("9905001210400")


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (b"%PDF-1.7\n", "application/pdf"),
        (b"\x89PNG\r\n\x1a\n" + b"\0" * 30, "image/png"),
        (b"\xff\xd8\xff\xe0" + b"\0" * 30, "image/jpeg"),
        (b'<?xml version="1.0"?><a/>', "application/xml"),
        (b'{"a": 1}', "application/json"),
        ("Grüße aus Kiel".encode(), "text/plain"),
        (b"\x00\x01\x02\xff\xfe", "application/octet-stream"),
        (b"", "application/octet-stream"),
    ],
)
def test_sniffing(head, expected):
    assert sniff_media_type(head) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\x\\Antrag.pdf", "Antrag.pdf"),
        ("a\x00b\nc.txt", "a_b_c.txt"),
        ("", "datei"),
        ("...", "datei"),
        ("Übersicht Grundstück.pdf", "Übersicht Grundstück.pdf"),
    ],
)
def test_clean_file_name(name, expected):
    assert clean_file_name(name) == expected


def test_clean_file_name_keeps_extension_when_shortening():
    cleaned = clean_file_name("x" * 300 + ".pdf")
    assert len(cleaned) == 200
    assert cleaned.endswith(".pdf")


def test_store_stream_hashes_in_one_pass(tmp_path):
    from django.core.files.storage import FileSystemStorage

    storage = FileSystemStorage(location=tmp_path)
    data = b"%PDF-1.4\n" + bytes(range(256)) * 1000

    class ForwardOnly(io.RawIOBase):
        def __init__(self):
            self.inner = io.BytesIO(data)

        def readable(self):
            return True

        def readinto(self, b):
            chunk = self.inner.read(min(len(b), 4096))
            b[: len(chunk)] = chunk
            return len(chunk)

    result = store_stream(ForwardOnly(), storage_name="a/b", storage=storage)
    assert result.size == len(data)
    assert result.sha256 == hashlib.sha256(data).hexdigest()
    assert result.media_type == "application/pdf"
    assert (tmp_path / result.storage_name).read_bytes() == data


@given(st.datetimes(timezones=st.just(dt.UTC)), st.uuids())
def test_cursor_round_trip(at, pk):
    assert Cursor.decode(Cursor(at=at, pk=pk).encode()) == Cursor(at=at, pk=pk)


@pytest.mark.parametrize(
    "token", ["", "abc", "!!!", Cursor(dt.datetime(2026, 1, 1), uuid.UUID(int=7)).encode()]
)
def test_invalid_cursor(token):
    with pytest.raises(InvalidCursor):
        Cursor.decode(token)


@pytest.mark.parametrize(
    "head",
    [b"%PDF-1.4\n%\xe2\xe3", b"\x89PNG\r\n\x1a\n" + b"\0" * 30, b"\xff\xd8\xff\xe1" + b"\0" * 30],
)
def test_fast_sniffing_agrees_with_the_full_detection(head):
    import filetype

    assert sniff_media_type(head) == filetype.guess(head).mime


FULL_WIDTH_LEIKA = "９９０５００１２１０４０００"  # looks like 99050012104000
ARABIC_INDIC_ARS = "٠١٠٠٢٠٠٠٠٠٠٠"


def test_keys_take_ascii_digits_only():
    from openvorgang.lib import keys

    assert FULL_WIDTH_LEIKA.isdigit()  # what the old checks relied on
    assert not keys.is_leika(FULL_WIDTH_LEIKA)
    assert not keys.is_ars(ARABIC_INDIC_ARS)
    assert not keys.is_region_key("０１００２０００")
    assert not keys.is_ags("０１")
    assert keys.is_leika("99050012104000")
    assert keys.is_ars("010020000000")
    assert keys.is_region_key("01002000")
    assert keys.is_ags("01002")
    with pytest.raises(ValidationError):
        validate_leika_key(FULL_WIDTH_LEIKA)
    with pytest.raises(ValidationError):
        validate_ars(ARABIC_INDIC_ARS)


def test_the_directory_and_intake_refuse_full_width_keys(db):
    from openvorgang.directory.models import Service
    from openvorgang.intake.channels.ozgcloud.parse import parse_form_data

    with pytest.raises(ValidationError):
        Service(leika_key=FULL_WIDTH_LEIKA, name="Gewerbe").full_clean()
    document = {"control": {"transactionId": "t", "leikaIds": [FULL_WIDTH_LEIKA]}, "formData": []}
    with pytest.raises(Exception, match="14-stelliger"):
        parse_form_data(json.dumps(document))
