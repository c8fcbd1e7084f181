"""Small generated documents for the demo: the PDF rendering of a filled form (what a form
server sends as ``representation``) and a scanned-looking attachment."""

from __future__ import annotations

import struct
import zlib
from typing import Any

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from openvorgang.cases.formdata import iter_values


def _latin1(text: str) -> str:
    return text.encode("latin-1", "replace").decode("latin-1")


def _line(pdf: FPDF, height: int, text: str) -> None:
    pdf.multi_cell(0, height, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def form_pdf(*, title: str, subtitle: str, items: list[dict[str, Any]]) -> bytes:
    pdf = FPDF(format="A4")
    pdf.set_creator("OpenVorgang Demo-Formularserver")
    pdf.set_title(_latin1(title))
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 15)
    _line(pdf, 8, _latin1(title))
    pdf.set_font("Helvetica", "", 10)
    _line(pdf, 6, _latin1(subtitle))
    pdf.ln(4)
    for label, value in iter_values(items):
        if value is True:
            shown = "ja"
        elif value is False:
            shown = "nein"
        else:
            shown = "" if value is None else str(value)
        pdf.set_font("Helvetica", "B", 9)
        _line(pdf, 5, _latin1(label))
        pdf.set_font("Helvetica", "", 10)
        _line(pdf, 5, _latin1(shown or "-"))
        pdf.ln(1)
    return bytes(pdf.output())


def letter_pdf(*, title: str, lines: list[str]) -> bytes:
    pdf = FPDF(format="A4")
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 13)
    _line(pdf, 8, _latin1(title))
    pdf.set_font("Helvetica", "", 10)
    for line in lines:
        _line(pdf, 6, _latin1(line))
    return bytes(pdf.output())


def png_image(width: int = 320, height: int = 200, seed: int = 0) -> bytes:
    """A small grey-scale PNG (a 'photo' of a site plan), made without image libraries."""
    rows = []
    for y in range(height):
        row = bytes(((x * 7 + y * 3 + seed * 13) % 96) + 140 for x in range(width))
        rows.append(b"\x00" + row)
    raw = zlib.compress(b"".join(rows), 6)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", raw) + chunk(b"IEND", b"")
