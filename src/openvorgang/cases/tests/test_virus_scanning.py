"""Virus scanning with a real clamd (Debian's, started by the tests with a local EICAR
signature): files from outside wait for the scan, infected ones are quarantined everywhere
(case page, API, pull API, Antragsraum, xdomea export), the history records it; without a
scanner the case page says files are unscanned."""

from __future__ import annotations

import io
import json

import pytest
from django.test import Client
from rest_framework.test import APIClient

from openvorgang.accounts.tokens import hash_token
from openvorgang.cases import scanning
from openvorgang.cases.incoming import IncomingFile
from openvorgang.cases.models import Case, CaseEvent, CaseFile, EventKind, ScanStatus
from openvorgang.casework.services import comment_add
from openvorgang.intake.models import Sender
from openvorgang.jobs.models import Job
from openvorgang.jobs.worker import run_until_idle
from openvorgang.lib import clamd
from openvorgang.testing import clamd as clamd_double
from openvorgang.testing.factories import PDF_BYTES

TOKEN = "scan-sender-token-0123456789abcdef"


def _submit(world, attachment: bytes, name: str = "anlage.txt") -> Case:
    Sender.objects.get_or_create(name="Formularserver", defaults={"token_hash": hash_token(TOKEN)})
    pdf = io.BytesIO(PDF_BYTES)
    pdf.name = "antrag.pdf"
    extra = io.BytesIO(attachment)
    extra.name = name
    metadata = {
        "serviceKeys": ["99050012104000"],
        "orgUnitId": world.unit.oe_id,
        "formName": "Gewerbeanmeldung",
        "applicant": {"name": "Jürgen Schäfer"},
        "formData": [],
    }
    response = Client().post(
        "/api/v1/submissions",
        {"metadata": json.dumps(metadata), "representation": pdf, "attachment": [extra]},
        HTTP_AUTHORIZATION=f"Bearer {TOKEN}",
        HTTP_IDEMPOTENCY_KEY=f"k-{name}-{len(attachment)}",
    )
    assert response.status_code == 201, response.content
    return Case.objects.get(pk=response.json()["caseId"])


def _attachment(case: Case) -> CaseFile:
    return CaseFile.objects.get(case=case, kind="attachment")


def _caseworker(world) -> Client:
    client = Client()
    client.force_login(world.caseworker)
    return client


# --- the clamd client ---------------------------------------------------------------------


def test_clamd_finds_the_test_signature_and_passes_clean_streams(clamd_server):
    assert clamd.scan(clamd_server.address, io.BytesIO(clamd_double.EICAR)) == clamd_double.FINDING
    assert clamd.scan(clamd_server.address, io.BytesIO(b"Sehr geehrte Damen und Herren")) is None
    # several chunks: the stream is sent in pieces, never read whole
    assert clamd.scan(clamd_server.address, io.BytesIO(b"x" * (3 * clamd.CHUNK + 5))) is None
    assert clamd.ping(clamd_server.address)


def test_an_unreachable_clamd_is_an_error_not_a_clean_result(tmp_path):
    with pytest.raises(clamd.ClamdError):
        clamd.scan(f"unix://{tmp_path}/kein.sock", io.BytesIO(clamd_double.EICAR))
    assert not clamd.ping(f"unix://{tmp_path}/kein.sock")


# --- the platform --------------------------------------------------------------------------


def test_an_infected_attachment_is_quarantined(world, scanner):
    case = _submit(world, clamd_double.EICAR)
    infected = _attachment(case)
    assert infected.scan_status == ScanStatus.PENDING

    run_until_idle("test")

    infected.refresh_from_db()
    assert infected.scan_status == ScanStatus.INFECTED
    assert infected.scan_finding == clamd_double.FINDING
    representation = CaseFile.objects.get(case=case, kind="representation")
    assert representation.scan_status == ScanStatus.CLEAN
    event = CaseEvent.objects.get(case=case, kind=EventKind.FILE_QUARANTINED)
    assert event.after["finding"] == clamd_double.FINDING

    client = _caseworker(world)
    download = client.get(f"/vorgaenge/{case.pk}/dateien/{infected.pk}/")
    assert download.status_code == 403
    assert b"X5O!P" not in b"".join(
        download.streaming_content if download.streaming else [download.content]
    )
    page = client.get(f"/vorgaenge/{case.pk}/").content.decode()
    assert "Schadsoftware gefunden" in page
    assert f"/dateien/{infected.pk}/" not in page  # no link to it
    assert client.get(f"/vorgaenge/{case.pk}/dateien/{representation.pk}/").status_code == 200

    api = APIClient()
    api.force_authenticate(world.caseworker)
    refused = api.get(f"/api/v1/cases/{case.pk}/files/{infected.pk}")
    assert refused.status_code == 403
    assert refused.json()["type"].endswith("/file_quarantined")


def test_files_wait_for_the_scan_before_anyone_gets_them(world, scanner):
    case = _submit(world, b"Hallo Welt")
    pending = _attachment(case)
    client = _caseworker(world)
    assert client.get(f"/vorgaenge/{case.pk}/dateien/{pending.pk}/").status_code == 409
    assert "wird geprüft" in client.get(f"/vorgaenge/{case.pk}/").content.decode()

    run_until_idle("test")

    pending.refresh_from_db()
    assert pending.scan_status == ScanStatus.CLEAN
    response = client.get(f"/vorgaenge/{case.pk}/dateien/{pending.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"Hallo Welt"


def test_with_clamd_down_files_stay_pending_and_the_job_retries(world, settings, tmp_path):
    settings.OPENVORGANG_CLAMD = f"unix://{tmp_path}/kein.sock"
    case = _submit(world, clamd_double.EICAR)
    run_until_idle("test")
    assert _attachment(case).scan_status == ScanStatus.PENDING
    job = Job.objects.get(name=scanning.JOB, payload__file=str(_attachment(case).pk))
    assert job.attempts == 1
    assert job.state == "queued"  # retried later with backoff
    assert "clamd" in job.last_error


def test_uploads_of_caseworkers_are_scanned_too(world, scanner):
    case = _submit(world, b"Antrag")
    comment = comment_add(
        case=case,
        actor=world.caseworker,
        text="Anlage",
        files=[IncomingFile(io.BytesIO(clamd_double.EICAR), "notiz.txt")],
    )
    run_until_idle("test")
    stored = comment.files.get().case_file
    stored.refresh_from_db()
    assert stored.scan_status == ScanStatus.INFECTED
    assert _caseworker(world).get(f"/vorgaenge/{case.pk}/dateien/{stored.pk}/").status_code == 403


def test_without_a_scanner_files_are_marked_unscanned(world):
    case = _submit(world, b"Hallo Welt")
    assert _attachment(case).scan_status == ScanStatus.UNSCANNED
    client = _caseworker(world)
    page = client.get(f"/vorgaenge/{case.pk}/").content.decode()
    assert "kein Virenscanner eingerichtet" in page
    assert client.get(f"/vorgaenge/{case.pk}/dateien/{_attachment(case).pk}/").status_code == 200
    assert not Job.objects.filter(name=scanning.JOB).exists()


def test_generated_documents_need_no_scan(world, scanner):
    assert scanning.initial_status("decision") == ScanStatus.GENERATED
    assert scanning.initial_status("letter") == ScanStatus.GENERATED
    assert scanning.initial_status("attachment") == ScanStatus.PENDING


def test_the_scan_command_reports_and_requeues(world, scanner, capsys):
    from django.core.management import call_command

    case = _submit(world, b"Hallo")
    Job.objects.filter(name=scanning.JOB).delete()  # as if the retries had run out
    call_command("scan", "pending")
    assert '"pending": 2' in capsys.readouterr().out  # the application PDF and the attachment
    run_until_idle("test")
    assert _attachment(case).scan_status == ScanStatus.CLEAN
    call_command("scan", "status")
    assert '"reachable": true' in capsys.readouterr().out


def test_metrics_show_waiting_and_quarantined_files_and_clamd(world, scanner):
    _submit(world, clamd_double.EICAR)
    metrics = Client().get("/metrics").content.decode()
    assert 'openvorgang_files_scan{state="pending"} 2.0' in metrics
    assert "openvorgang_clamd_up 1.0" in metrics
    run_until_idle("test")
    metrics = Client().get("/metrics").content.decode()
    assert 'openvorgang_files_scan{state="pending"} 0.0' in metrics
    assert 'openvorgang_files_scan{state="infected"} 1.0' in metrics


def test_files_left_pending_when_scanning_is_switched_off_become_unscanned(
    world, settings, tmp_path
):
    settings.OPENVORGANG_CLAMD = f"unix://{tmp_path}/kein.sock"
    case = _submit(world, b"Hallo")
    settings.OPENVORGANG_CLAMD = ""
    from django.core.management import call_command

    call_command("scan", "pending")
    run_until_idle("test")
    assert _attachment(case).scan_status == ScanStatus.UNSCANNED
    assert (
        _caseworker(world).get(f"/vorgaenge/{case.pk}/dateien/{_attachment(case).pk}/").status_code
        == 200
    )
