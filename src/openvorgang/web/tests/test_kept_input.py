"""A refused form on the case page keeps what was typed: back on the page, the section's form
holds the text again, and chosen files are named to choose them again."""

from __future__ import annotations

import io

from django.test import Client

from openvorgang.mailbox.models import Message
from openvorgang.testing.factories import make_case


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_a_refused_message_keeps_its_subject_and_text(world):
    case = make_case(org_unit=world.unit, applicant_email="j@example.org")
    client = _client(world.caseworker)
    answer = client.post(
        f"/vorgaenge/{case.pk}/nachrichten/",
        {"betreff": "Unterlagen", "text": "Bitte senden Sie den Nachweis.", "kanal": "fax"},
        follow=True,
    )
    page = answer.content.decode()
    assert "steht für diesen Vorgang nicht bereit" in page
    assert 'value="Unterlagen"' in page
    assert ">Bitte senden Sie den Nachweis.</textarea>" in page
    # once: the next visit shows empty forms again
    assert (
        "Bitte senden Sie den Nachweis."
        not in client.get(f"/vorgaenge/{case.pk}/").content.decode()
    )


def _pe_image() -> bytes:
    """A minimal Windows PE header: "MZ", its offset at 0x3c pointing at "PE\\0\\0"."""
    return b"MZ" + b"\x00" * 58 + (64).to_bytes(4, "little") + b"PE\x00\x00" + b"\x00" * 64


def test_a_message_with_a_refused_file_is_not_a_500_and_names_the_file_to_choose_again(world):
    case = make_case(org_unit=world.unit, applicant_email="j@example.org")
    client = _client(world.caseworker)
    program = io.BytesIO(b"%PDF-1.4\n" + _pe_image())
    program.name = "bescheinigung.pdf"
    answer = client.post(
        f"/vorgaenge/{case.pk}/nachrichten/",
        {"text": "Anbei die Bescheinigung.", "dateien": [program]},
        follow=True,
    )
    page = answer.content.decode()
    assert answer.status_code == 200
    assert "ausführbares Programm" in page
    assert ">Anbei die Bescheinigung.</textarea>" in page
    assert "Bitte diese Dateien erneut auswählen" in page
    assert "bescheinigung.pdf" in page
    assert not Message.objects.filter(case=case).exists()


def test_kept_input_belongs_to_its_case_only(world):
    case, other = make_case(org_unit=world.unit), make_case(org_unit=world.unit)
    client = _client(world.caseworker)
    client.post(f"/vorgaenge/{case.pk}/nachrichten/", {"text": "Nur hier.", "kanal": "fax"})
    assert "Nur hier." not in client.get(f"/vorgaenge/{other.pk}/").content.decode()


def test_a_version_conflict_keeps_the_input_and_says_what_changed(world):
    from openvorgang.cases.models import CaseStatus
    from openvorgang.cases.services import case_set_file_number
    from openvorgang.decisions.models import DecisionKind, DecisionTemplate

    template = DecisionTemplate.objects.create(
        tenant=world.tenant, kind=DecisionKind.APPROVAL, name="B", subject="S", body="T"
    )
    case = make_case(
        org_unit=world.unit, status=CaseStatus.IN_BEARBEITUNG, assignee=world.caseworker
    )
    seen = case.version
    case_set_file_number(case=case, actor=world.colleague, file_number="32.10-7")
    answer = _client(world.caseworker).post(
        f"/vorgaenge/{case.pk}/bescheid/",
        {"vorlage": template.pk, "bestaetigt": "1", "kanal": "post", "version": seen,
         "freitext": "Auflage: Schild am Eingang."},
        follow=True,
    )  # fmt: skip
    page = answer.content.decode()
    assert "Inzwischen geändert" in page
    assert "32.10-7" in page  # what the colleague changed
    assert world.colleague.display_name in page
    assert ">Auflage: Schild am Eingang.</textarea>" in page
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_BEARBEITUNG
