"""Quarantined files never leave: not through the pull API, not in an xdomea export, not in
the Antragsraum; an export waits while a file is still being scanned."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.test import Client

from openvorgang.cases.incoming import IncomingFile
from openvorgang.cases.models import CaseFile, ScanStatus
from openvorgang.jobs.models import Job
from openvorgang.jobs.worker import run_until_idle
from openvorgang.mailbox.access import access_link
from openvorgang.mailbox.services import reply_receive
from openvorgang.records.auth import connector_token_issue
from openvorgang.records.models import Export, ExportState, Purpose
from openvorgang.records.services import export_request
from openvorgang.testing.clamd import EICAR
from openvorgang.testing.factories import make_case


def _case_with_infected_reply(world):
    case = make_case(org_unit=world.unit, applicant_email="j@example.org")
    message = reply_receive(
        case=case, text="Anbei.", files=[IncomingFile(io.BytesIO(EICAR), "nachweis.txt")]
    )
    return case, message.files.get().case_file


def test_quarantined_files_stay_out_of_exports_and_the_pull_api(
    world, scanner, make_connector, tmp_path
):
    case, infected = _case_with_infected_reply(world)
    connector = make_connector(kind="dropfolder", target=str(tmp_path))
    export = export_request(case=case, connector=connector, actor=world.caseworker)
    run_until_idle("test")

    infected.refresh_from_db()
    assert infected.scan_status == ScanStatus.INFECTED
    export.refresh_from_db()
    assert export.state == ExportState.SENT
    (package,) = tmp_path.iterdir()
    with zipfile.ZipFile(package) as archive:
        names = archive.namelist()
        assert not any(name.endswith("nachweis.txt") for name in names)
        assert any(name.endswith("Antrag.pdf") for name in names)
        assert all(EICAR not in archive.read(name) for name in names)

    pull = make_connector(name="FV", purpose=Purpose.FACHVERFAHREN, kind="http")
    api = Client(HTTP_AUTHORIZATION=f"Bearer {connector_token_issue(pull)}")
    refused = api.get(f"/api/v1/fachverfahren/cases/{case.pk}/files/{infected.pk}")
    assert refused.status_code in (403, 404)
    assert b"X5O!P" not in refused.content


def test_an_export_waits_for_pending_scans(world, settings, make_connector, tmp_path):
    settings.OPENVORGANG_CLAMD = f"unix://{tmp_path}/kein.sock"  # scanner down
    case = make_case(org_unit=world.unit)
    connector = make_connector(kind="dropfolder", target=str(tmp_path / "out"))
    (tmp_path / "out").mkdir()
    export = export_request(case=case, connector=connector, actor=world.caseworker)
    run_until_idle("test")
    export.refresh_from_db()
    assert export.state == ExportState.QUEUED
    build = Job.objects.get(name="records.build")
    assert "scanned" in build.last_error
    assert list((tmp_path / "out").iterdir()) == []
    assert CaseFile.objects.filter(case=case, scan_status=ScanStatus.PENDING).exists()
    assert Export.objects.count() == 1


def test_the_applicant_cannot_fetch_a_quarantined_file(world, scanner):
    case, infected = _case_with_infected_reply(world)
    run_until_idle("test")
    room = "/antragsraum/" + access_link(case=case).split("/antragsraum/", 1)[1]
    page = Client().get(room).content.decode()
    assert "nachweis.txt (gesperrt)" in page
    assert f"/dateien/{infected.pk}/" not in page
    assert Client().get(f"{room}dateien/{infected.pk}/").status_code == 403


def test_the_api_and_the_handover_name_each_files_scan_status(world, scanner, make_connector):
    from rest_framework.test import APIClient

    from openvorgang.records.handover_json import case_document

    case, infected = _case_with_infected_reply(world)
    run_until_idle("test")
    api = APIClient()
    api.force_authenticate(world.caseworker)
    files = {f["id"]: f["scan_status"] for f in api.get(f"/api/v1/cases/{case.pk}").json()["files"]}
    assert set(files.values()) == {"clean"}  # the case's own files; the reply's file is below
    listed = {f["id"]: f["scanStatus"] for f in case_document(case)["files"]}
    assert listed[str(infected.pk)] == "infected"


def test_the_export_command_refuses_while_files_wait_for_the_scan(world, settings, tmp_path):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    settings.OPENVORGANG_CLAMD = f"unix://{tmp_path}/kein.sock"  # scanner down
    case = make_case(org_unit=world.unit)
    target = tmp_path / "paket.zip"
    with pytest.raises(CommandError, match="noch auf Schadsoftware geprüft"):
        call_command("xdomea", "export", case.number, "--out", str(target))
    assert list(tmp_path.iterdir()) == []
