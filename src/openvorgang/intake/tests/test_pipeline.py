"""The one intake pipeline (``intake.services.receive``) every channel ends in."""

from __future__ import annotations

import io

import pytest

from openvorgang.cases.incoming import Applicant, IncomingFile
from openvorgang.cases.models import Case, CaseFile, Channel
from openvorgang.intake.limits import IntakeProblem
from openvorgang.intake.models import Sender, Submission
from openvorgang.intake.services import Submitted, earlier_delivery, receive
from openvorgang.testing.factories import PDF_BYTES
from openvorgang.testing.storage import assert_nothing_stored, stored_files


@pytest.fixture
def sender(world):
    return Sender.objects.create(name="Neuer Kanal", token_hash="0" * 64)


def _submitted(world, external_id="x-1", files=(), **kwargs):
    fields = {
        "control": {"id": external_id},
        "oe_id": world.unit.oe_id,
        "leika_keys": ["99050012104000"],
        "form_name": "Gewerbeanmeldung",
        "applicant": Applicant(name="Jürgen Schäfer"),
        "form_data": [{"name": "vorname", "label": "Vorname", "stringValue": "Jürgen"}],
        **kwargs,
    }
    return Submitted(
        channel=Channel.API, external_id=external_id, attachments=list(files), **fields
    )


def test_a_submission_becomes_one_routed_case_with_its_submission_row(world, sender):
    upload = IncomingFile(io.BytesIO(PDF_BYTES), "nachweis.pdf", part="attachment[0]")
    accepted = receive(sender=sender, submitted=_submitted(world, files=[upload]))
    assert accepted.created
    case = Case.objects.get()
    assert case.org_unit == world.unit
    assert case.form_data[0]["value"] == "Jürgen"
    assert [f.original_name for f in CaseFile.objects.filter(case=case)] == ["nachweis.pdf"]
    row = Submission.objects.get()
    assert (row.external_id, row.case_id, row.control) == ("x-1", case.pk, {"id": "x-1"})


def test_the_same_submission_again_returns_the_first_case(world, sender):
    first = receive(sender=sender, submitted=_submitted(world))
    again = receive(sender=sender, submitted=_submitted(world))
    assert (again.created, again.case.pk) == (False, first.case.pk)
    assert Case.objects.count() == 1


def test_the_same_id_with_other_content_is_refused(world, sender):
    receive(sender=sender, submitted=_submitted(world, fingerprint="a"))
    with pytest.raises(IntakeProblem) as refused:
        earlier_delivery(sender=sender, channel=Channel.API, external_id="x-1", fingerprint="b")
    assert refused.value.http_status == 422


def test_a_refused_file_names_its_part_and_nothing_is_stored(world, sender):
    before = stored_files()
    files = [
        IncomingFile(io.BytesIO(PDF_BYTES), "gut.pdf", part="attachment[0]"),
        IncomingFile(io.BytesIO(b"MZ" + b"\x00" * 200), "programm.pdf", part="attachment[1]"),
    ]
    with pytest.raises(IntakeProblem) as refused:
        receive(sender=sender, submitted=_submitted(world, files=files))
    assert refused.value.part == "attachment[1]"
    assert refused.value.http_status == 415
    assert not Case.objects.exists()
    assert not Submission.objects.exists()
    assert_nothing_stored(before)


def test_bad_form_data_is_refused_as_a_problem_of_the_form_data(world, sender):
    with pytest.raises(IntakeProblem) as refused:
        receive(sender=sender, submitted=_submitted(world, form_data="kein Formular"))
    assert (refused.value.http_status, refused.value.part) == (400, "formData")
    assert not Case.objects.exists()


def test_a_file_without_a_known_size_is_still_held_to_the_size_limit(world, sender, settings):
    settings.OPENVORGANG_INTAKE_MAX_FILE_BYTES = len(PDF_BYTES) - 1

    class Unsized(io.BytesIO):
        """A plain stream, as FIT-Connect's decrypted files are: no ``size`` attribute."""

    upload = IncomingFile(Unsized(PDF_BYTES), "antrag.pdf", part="attachment:abc")
    with pytest.raises(IntakeProblem) as refused:
        receive(sender=sender, submitted=_submitted(world, files=[upload]))
    assert (refused.value.http_status, refused.value.part) == (413, "attachment:abc")
