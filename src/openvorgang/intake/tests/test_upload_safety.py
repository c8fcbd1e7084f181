"""Uploads: extension and sniffed type must agree; ZIP containers are inspected (entries,
size, compression ratio, nesting, links, paths) before anyone unpacks them."""

from __future__ import annotations

import io
import stat
import zipfile

import pytest

from openvorgang.intake.limits import IntakeProblem, check_stream
from openvorgang.testing.factories import PDF_BYTES


def _zip(entries: dict[str, bytes], *, link: str | None = None) -> io.BytesIO:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
        if link:
            info = zipfile.ZipInfo(link)
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            archive.writestr(info, "/etc/passwd")
    out.seek(0)
    return out


@pytest.fixture
def zips_allowed(settings):
    settings.OPENVORGANG_INTAKE_ALLOWED_TYPES = [
        *settings.OPENVORGANG_INTAKE_ALLOWED_TYPES,
        "application/zip",
    ]


@pytest.mark.parametrize(
    ("name", "data", "ok"),
    [
        ("Antrag.pdf", PDF_BYTES, True),
        ("Antrag", PDF_BYTES, True),  # no extension: accepted
        ("Antrag.PDF", PDF_BYTES, True),
        ("Antrag.exe", PDF_BYTES, False),
        ("bild.png", PDF_BYTES, False),
        ("notiz.txt", b"Hallo Welt", True),
        ("notiz.pdf", b"Hallo Welt", False),
    ],
)
def test_extension_must_fit_the_content(name, data, ok):
    if ok:
        check_stream(io.BytesIO(data), size=len(data), name=name)
        return
    with pytest.raises(IntakeProblem) as info:
        check_stream(io.BytesIO(data), size=len(data), name=name)
    assert info.value.http_status == 415
    assert "passt nicht zum Inhalt" in info.value.message


def test_zip_is_refused_unless_allowed():
    archive = _zip({"a.txt": b"x"})
    with pytest.raises(IntakeProblem, match="einen nicht erlaubten Typ"):
        check_stream(archive, size=None, name="a.zip")


def test_harmless_zip_passes_and_the_stream_stays_at_its_start(zips_allowed):
    archive = _zip({"Nachweis.pdf": PDF_BYTES, "Ordner/notiz.txt": b"Hallo"})
    assert check_stream(archive, size=None, name="Nachweise.zip") == "application/zip"
    assert archive.tell() == 0


@pytest.mark.parametrize(
    ("archive", "reason"),
    [
        (lambda: _zip({"../../etc/cron.d/boese": b"x"}), "unzulässiger Pfad"),
        (lambda: _zip({"/etc/passwd": b"x"}), "unzulässiger Pfad"),
        (lambda: _zip({"C:\\Windows\\x.dll": b"x"}), "unzulässiger Pfad"),
        (lambda: _zip({"a.txt": b"x"}, link="link"), "symbolischer Link"),
        (lambda: _zip({f"f{i}.txt": b"x" for i in range(1001)}), "mehr als 1000 Einträge"),
        (lambda: _zip({"null.txt": b"\0" * 5_000_000}), "Zip-Bombe"),
        (lambda: _zip({"innen.zip": _zip({"a.txt": b"x"}).getvalue()}), "verschachteltes"),
        (lambda: io.BytesIO(b"PK\x03\x04kaputt" + b"\0" * 64), "kein gültiges ZIP"),
    ],
)
def test_unsafe_archives_are_refused(zips_allowed, archive, reason):
    with pytest.raises(IntakeProblem) as info:
        check_stream(archive(), size=None, name="paket.zip")
    assert info.value.http_status == 400
    assert reason in info.value.message


def _pe_image() -> bytes:
    """A minimal Windows PE header: DOS stub with e_lfanew pointing at "PE\\0\\0"."""
    dos = bytearray(b"MZ" + b"\x00" * 0x3A + (0x80).to_bytes(4, "little"))
    dos += b"This program cannot be run in DOS mode.\r\n".ljust(0x80 - len(dos), b"\x00")
    return bytes(dos) + b"PE\x00\x00" + b"\x4c\x01" + b"\x00" * 64


ELF_IMAGE = b"\x7fELF\x02\x01\x01" + b"\x00" * 57


@pytest.mark.parametrize(
    ("where", "payload"),
    [
        ("after-header", _pe_image()),
        ("far-in", b"\x00" * (3 * 1024 * 1024 + 17) + _pe_image()),
        ("elf", ELF_IMAGE),
        ("at-chunk-edge", b"\x00" * (1024 * 1024 - 40) + _pe_image()),
    ],
)
def test_a_pdf_with_an_executable_inside_is_refused(where, payload):
    polyglot = PDF_BYTES[:20] + payload + PDF_BYTES[20:]
    with pytest.raises(IntakeProblem) as refused:
        check_stream(io.BytesIO(polyglot), size=len(polyglot), name="Antrag.pdf")
    assert refused.value.code == "executable_content"


def test_bytes_that_merely_look_like_a_header_are_accepted():
    """ "MZ" without a PE header behind its offset, "ELF" without a valid class: PDF streams
    hold such bytes by chance."""
    noise = b"MZ" + b"\xff" * 100 + b"\x7fELF\x09\x09" + b"MZ\x00\x00"
    data = PDF_BYTES[:20] + noise + PDF_BYTES[20:]
    assert check_stream(io.BytesIO(data), size=len(data), name="Antrag.pdf") == "application/pdf"
