"""Letters as PDF/A-2b: the printable letter of the postal channel and the decision document.

The layout follows DIN 5008 (form B: address field 45 mm from the top, 20 mm from the left, so
it shows in a DL window envelope). Fonts ship with the package and are embedded; WeasyPrint
may fetch nothing else (no network, no local files), whatever a template contains."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import weasyprint
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext
from weasyprint.urls import FatalURLFetchingError, URLFetcher

from openvorgang.cases.models import Case
from openvorgang.mailbox.selectors import dispatch_setting

FONTS = Path(__file__).parent / "fonts"
_ALLOWED = {(FONTS / name).as_uri() for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf")}


class LetterError(ValueError):
    pass


@dataclass(frozen=True)
class Letter:
    case: Case
    subject: str
    paragraphs: list[str]
    title: str = "Schreiben"
    date: dt.date = field(default_factory=timezone.localdate)
    enclosures: list[str] = field(default_factory=list)
    heading: str = ""


class PackagedOnly(URLFetcher):
    """Fetches the packaged fonts and refuses every other URL (network, local files)."""

    def fetch(self, url: str, headers: Any = None) -> Any:
        if url not in _ALLOWED:
            raise FatalURLFetchingError(
                gettext("Externe Ressource nicht erlaubt: %(url)s") % {"url": url[:80]}
            )
        return super().fetch(url, headers)


def paragraphs(text: str) -> list[str]:
    """Paragraphs of a plain text: blocks separated by blank lines, trimmed, none empty."""
    return [p.strip() for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]


def recipient_lines(case: Case) -> list[str]:
    city = " ".join(p for p in (case.applicant_postal_code, case.applicant_city) if p)
    return [line for line in (case.applicant_name, case.applicant_street, city) if line]


def has_postal_address(case: Case) -> bool:
    return bool(
        case.applicant_name
        and case.applicant_street
        and case.applicant_postal_code
        and case.applicant_city
    )


def render_pdf(letter: Letter) -> bytes:
    """The letter as a PDF/A-2b document (fonts embedded, sRGB output intent, XMP metadata)."""

    case = letter.case
    setting = dispatch_setting(tenant_id=case.tenant_id)
    tenant_name = case.tenant.name if case.tenant else "OpenVorgang"
    html = render_to_string(
        "mailbox/letter.html",
        {
            "letter": letter,
            "case": case,
            "tenant_name": tenant_name,
            "org_unit": case.org_unit.name if case.org_unit else "",
            "letterhead": (setting.letterhead.splitlines() if setting else []),
            "return_address": (setting.return_address if setting else "") or tenant_name,
            "contact": (setting.contact.splitlines() if setting else []),
            "recipient": recipient_lines(case),
            **FONT_URIS,
        },
    )
    return html_to_pdfa(html)


FONT_URIS = {
    "font_regular": (FONTS / "DejaVuSans.ttf").as_uri(),
    "font_bold": (FONTS / "DejaVuSans-Bold.ttf").as_uri(),
}


def html_to_pdfa(html: str) -> bytes:
    """Any of our document templates as PDF/A-2b, with only the packaged fonts reachable."""
    document = weasyprint.HTML(
        string=html, url_fetcher=PackagedOnly(allowed_protocols=["file"]), base_url=FONTS.as_uri()
    )
    try:
        return document.write_pdf(pdf_variant="pdf/a-2b")
    except FatalURLFetchingError as exc:
        raise LetterError(str(exc)) from exc
