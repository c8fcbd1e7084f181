"""A case is BESCHIEDEN only with a decision document: made from a template (see
test_decision_issue), uploaded as a finished PDF, or recorded as issued outside with its
reference and date. Each refusal is German and writes nothing."""

from __future__ import annotations

import datetime as dt
import hashlib
import io

import pytest
import time_machine
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.test import Client

from openvorgang.cases.errors import InvalidInput
from openvorgang.cases.incoming import IncomingFile
from openvorgang.cases.models import CaseEvent, CaseFile, CaseStatus, EventKind
from openvorgang.cases.templatetags.case_tags import event_summary
from openvorgang.decisions.models import Decision, DecisionKind, DecisionSource
from openvorgang.decisions.services import decision_record_external, decision_upload
from openvorgang.jobs.worker import run_until_idle
from openvorgang.mailbox.models import Message, MessageState
from openvorgang.mailbox.notices import applicant_history
from openvorgang.outbox.models import Delivery
from openvorgang.testing.factories import make_case

PDF = b"%PDF-1.7\n% signed elsewhere\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
NOW = dt.datetime(2026, 11, 25, 10, 0, tzinfo=dt.UTC)
ADDRESS = {
    "applicant_street": "Holstenstraße 1",
    "applicant_postal_code": "24103",
    "applicant_city": "Kiel",
}


def _case(world, **extra):
    with time_machine.travel(NOW - dt.timedelta(days=20), tick=False):
        return make_case(
            org_unit=world.unit, status=CaseStatus.IN_BEARBEITUNG, **{**ADDRESS, **extra}
        )


def _nothing_written(case):
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_BEARBEITUNG
    assert not Decision.objects.exists()
    assert not CaseFile.objects.filter(kind="decision").exists()
    assert not CaseEvent.objects.filter(case=case, kind=EventKind.DECISION).exists()
    assert not Message.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_an_uploaded_pdf_is_the_decision_and_goes_out_like_a_generated_one(world):
    case = _case(world, applicant_email="j@example.org")
    decision = decision_upload(
        case=case,
        actor=world.caseworker,
        kind=DecisionKind.APPROVAL,
        subject="Gaststättenerlaubnis",
        upload=IncomingFile(io.BytesIO(PDF), "Erlaubnis signiert.pdf"),
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.BESCHIEDEN
    assert decision.source == DecisionSource.UPLOAD
    assert decision.channel == "post"  # no consent to electronic delivery
    with default_storage.open(decision.document.storage_name, "rb") as f:
        assert f.read() == PDF  # the signed document unchanged
    assert decision.sha256 == hashlib.sha256(PDF).hexdigest()
    event = CaseEvent.objects.get(case=case, kind=EventKind.DECISION)
    assert event.after["bescheid"]["source"] == "upload"
    assert "Bescheid versandt (Bescheid) über Brief per Post" in event_summary(event)
    run_until_idle("test")
    message = Message.objects.get(is_decision=True)
    assert message.state == MessageState.TO_POST
    assert list(message.files.values_list("case_file_id", flat=True)) == [decision.document_id]


def test_an_upload_that_is_no_pdf_is_refused_and_nothing_is_kept(world):
    case = _case(world)
    with pytest.raises(InvalidInput, match="als PDF-Datei"):
        decision_upload(
            case=case,
            actor=world.caseworker,
            kind=DecisionKind.APPROVAL,
            subject="",
            upload=IncomingFile(io.BytesIO(b"PK\x03\x04 a word file"), "Bescheid.pdf"),
        )
    _nothing_written(case)


@time_machine.travel(NOW, tick=False)
def test_a_decision_issued_outside_is_recorded_with_reference_and_date(world):
    case = _case(world, applicant_email="j@example.org")
    decision = decision_record_external(
        case=case,
        actor=world.caseworker,
        kind=DecisionKind.REJECTION,
        reference="32.10-123/2026",
        issued_on=dt.date(2026, 11, 20),
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.BESCHIEDEN
    assert decision.source == DecisionSource.EXTERNAL
    assert decision.document is None
    assert decision.message is None
    event = CaseEvent.objects.get(case=case, kind=EventKind.DECISION)
    summary = event_summary(event)
    assert "Bescheid außerhalb erteilt (Ablehnungsbescheid) am 20.11.2026" in summary
    assert "32.10-123/2026" in summary
    # the applicant is told what happened, no document is claimed
    notice = Delivery.objects.get(transport="email", case=case)
    assert notice.target == "j@example.org"
    assert "am 20.11.2026 entschieden (Zeichen 32.10-123/2026)" in notice.payload["body"]
    assert "auf anderem Weg" in notice.payload["body"]
    assert not Message.objects.exists()
    # the Antragsraum names the decision by its date and reference, not an empty Bekanntgabe
    lines = [text for _, text in applicant_history(case=case)]
    assert (
        "Bescheid vom 20.11.2026 (Zeichen 32.10-123/2026), nicht über dieses Portal zugestellt"
        in lines
    )
    assert not any("Bekanntgabe am" in line for line in lines)


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize(
    ("reference", "issued_on", "bekanntgabe", "german"),
    [
        ("", dt.date(2026, 11, 20), None, "Zeichen des Bescheids"),
        ("A-1", None, None, "Datum des Bescheids angeben"),
        ("A-1", dt.date(2026, 11, 26), None, "zwischen dem Eingang"),  # tomorrow
        ("A-1", dt.date(2026, 11, 1), None, "zwischen dem Eingang"),  # before receipt
        ("A-1", dt.date(2026, 11, 20), dt.date(2026, 11, 19), "nicht vor dem Bescheid"),
    ],
)
def test_an_outside_decision_needs_reference_and_a_possible_date(
    world, reference, issued_on, bekanntgabe, german
):
    case = _case(world)
    with pytest.raises(InvalidInput, match=german):
        decision_record_external(
            case=case,
            actor=world.caseworker,
            kind=DecisionKind.APPROVAL,
            reference=reference,
            issued_on=issued_on,
            bekanntgabe=bekanntgabe,
        )
    _nothing_written(case)


def test_the_database_refuses_a_decision_without_document_or_reference(world):
    case = _case(world)
    with pytest.raises(IntegrityError), transaction.atomic():
        Decision.objects.create(case=case, kind=DecisionKind.APPROVAL, subject="x", actor_name="x")
    with pytest.raises(IntegrityError), transaction.atomic():
        Decision.objects.create(
            case=case,
            kind=DecisionKind.APPROVAL,
            source=DecisionSource.EXTERNAL,
            subject="x",
            actor_name="x",
        )


@time_machine.travel(NOW, tick=False)
def test_the_case_page_uploads_and_records_outside_decisions(world):
    client = Client()
    client.force_login(world.caseworker)
    first = _case(world)
    page = client.get(f"/vorgaenge/{first.pk}/").content.decode()
    assert "Fertiges Dokument hochladen" in page
    assert "Außerhalb erteilt erfassen" in page
    unconfirmed = client.post(
        f"/vorgaenge/{first.pk}/bescheid/hochladen/",
        {"art": "approval", "dokument": SimpleUploadedFile("b.pdf", PDF)},
        follow=True,
    )
    assert "Bitte bestätigen" in unconfirmed.content.decode()
    done = client.post(
        f"/vorgaenge/{first.pk}/bescheid/hochladen/",
        {
            "art": "approval",
            "bestaetigt": "1",
            "version": first.version,
            "dokument": SimpleUploadedFile("b.pdf", PDF),
        },
        follow=True,
    ).content.decode()
    assert "Bescheid erlassen und zum Versand gegeben" in done
    assert "hochgeladen" in done
    second = _case(world)
    bad_date = client.post(
        f"/vorgaenge/{second.pk}/bescheid/extern/",
        {"art": "approval", "zeichen": "Z-1", "datum": "31.02.2026", "bestaetigt": "1"},
        follow=True,
    ).content.decode()
    assert "„Datum des Bescheids“ ist kein gültiges Datum" in bad_date
    assert 'value="Z-1"' in bad_date  # what was typed comes back
    recorded = client.post(
        f"/vorgaenge/{second.pk}/bescheid/extern/",
        {"art": "approval", "zeichen": "Z-1", "datum": "20.11.2026", "bestaetigt": "1"},
        follow=True,
    ).content.decode()
    assert "Bescheid als außerhalb erteilt erfasst." in recorded
    assert "Zeichen Z-1" in recorded
    second.refresh_from_db()
    assert second.status == CaseStatus.BESCHIEDEN
