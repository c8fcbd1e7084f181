"""Checks of generated PDFs for tests: the PDF/A-2b essentials a validator looks at first
(XMP identification, output intent, embedded fonts, no encryption or scripts) and the text."""

from __future__ import annotations

import io

import pikepdf
from pypdf import PdfReader


def pdfa_problems(data: bytes) -> list[str]:
    """Everything that keeps ``data`` from being PDF/A-2b, as far as these checks see."""
    problems: list[str] = []
    if not data.startswith(b"%PDF-1."):
        return ["kein PDF"]
    pdf = pikepdf.open(io.BytesIO(data))
    if pdf.is_encrypted:
        problems.append("verschlüsselt")
    meta = pdf.open_metadata()
    part = meta.get("{http://www.aiim.org/pdfa/ns/id/}part")
    conformance = meta.get("{http://www.aiim.org/pdfa/ns/id/}conformance")
    if (part, conformance) != ("2", "B"):
        problems.append(f"XMP-Kennung {part}/{conformance} statt 2/B")
    if not meta.get("{http://purl.org/dc/elements/1.1/}title"):
        problems.append("kein Titel in den XMP-Metadaten")
    intents = pdf.Root.get("/OutputIntents") or []
    if not any(i.get("/S") == "/GTS_PDFA1" and "/DestOutputProfile" in i for i in intents):
        problems.append("kein OutputIntent GTS_PDFA1 mit ICC-Profil")
    if "/ID" not in pdf.trailer:
        problems.append("keine Dokument-ID im Trailer")
    names = pdf.Root.get("/Names") or {}
    if "/JavaScript" in names or "/OpenAction" in pdf.Root:
        problems.append("enthält Skript oder OpenAction")
    fonts = 0
    for page in pdf.pages:
        resources = page.obj.get("/Resources") or {}
        for name, font in (resources.get("/Font") or {}).items():
            fonts += 1
            descendants = font.get("/DescendantFonts") or [font]
            for part_font in descendants:
                descriptor = part_font.get("/FontDescriptor")
                if descriptor is None or not any(
                    key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")
                ):
                    problems.append(f"Schrift {name} nicht eingebettet")
    if fonts == 0:
        problems.append("keine Schrift gefunden")
    return problems


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)
