"""The postal channel: a printable PDF/A letter with the message, marked "zur Post"."""

from __future__ import annotations

import pytest
from django.core.files.storage import default_storage
from weasyprint.urls import FatalURLFetchingError

from openvorgang.cases.models import CaseFileKind
from openvorgang.jobs.worker import run_until_idle
from openvorgang.mailbox.letter import FONTS, Letter, PackagedOnly, render_pdf
from openvorgang.mailbox.models import MessageState
from openvorgang.mailbox.services import message_send
from openvorgang.testing.factories import make_case
from openvorgang.testing.pdfa import pdf_text, pdfa_problems

ADDRESS = {
    "applicant_street": "Holstenstraße 1",
    "applicant_postal_code": "24103",
    "applicant_city": "Kiel",
}


def test_letter_is_rendered_attached_and_marked_for_post(world):
    case = make_case(org_unit=world.unit, **ADDRESS)
    message = message_send(
        case=case,
        actor=world.caseworker,
        subject="Fehlender Nachweis",
        text="Bitte reichen Sie den Nachweis nach.\n\nMit freundlichen Grüßen",
    )
    assert message.channel == "post"
    run_until_idle("test")
    message.refresh_from_db()
    assert message.state == MessageState.TO_POST
    letter = message.files.get().case_file
    assert letter.kind == CaseFileKind.LETTER
    with default_storage.open(letter.storage_name, "rb") as f:
        data = f.read()
    assert pdfa_problems(data) == []
    text = pdf_text(data)
    for expected in (
        "Jürgen Schäfer",
        "Holstenstraße 1",
        "24103 Kiel",
        "Fehlender Nachweis",
        "Bitte reichen Sie den Nachweis nach.",
        case.number,
    ):
        assert expected in text


def test_incomplete_address_offers_no_letter(world):
    case = make_case(org_unit=world.unit, applicant_street="Holstenstraße 1")
    message = message_send(case=case, actor=world.caseworker, text="Frage")
    assert message.channel == ""
    assert message.state == MessageState.FAILED


def test_letters_use_the_packaged_fonts_and_fetch_nothing_else(world, caplog):
    case = make_case(org_unit=world.unit, **ADDRESS)
    with caplog.at_level("WARNING", logger="weasyprint"):
        render_pdf(Letter(case=case, subject="Test", paragraphs=["Text"]))
    assert [r.getMessage() for r in caplog.records if r.name.startswith("weasyprint")] == []
    fetcher = PackagedOnly(allowed_protocols=["file"])
    assert fetcher.fetch((FONTS / "DejaVuSans.ttf").as_uri()) is not None
    for url in (
        "file:///etc/passwd",
        "http://127.0.0.1:9/x.png",
        (FONTS / "LICENSE-DejaVu.txt").as_uri(),
    ):
        with pytest.raises(FatalURLFetchingError):
            fetcher.fetch(url)
