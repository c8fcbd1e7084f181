"""The xdomea and connector commands."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from openvorgang.cases.models import CaseStatus
from openvorgang.jobs.worker import run_until_idle
from openvorgang.records.models import Connector, ExportState
from openvorgang.records.services import export_request
from openvorgang.records.tests.helpers import full_case
from openvorgang.records.tests.receipts import receipt_0402
from openvorgang.records.xdomea.message import schema


def _run(*args):
    out = io.StringIO()
    call_command(*args, stdout=out)
    return json.loads(out.getvalue())


@pytest.mark.parametrize("version", ["3.0.0", "3.1.0"])
def test_export_command_writes_a_valid_package(world, tmp_path, version):
    case = full_case(world, status=CaseStatus.ABGESCHLOSSEN)
    target = tmp_path / "paket.zip"
    result = _run("xdomea", "export", case.number, "--version", version, "--out", str(target))
    assert result["case"] == case.number
    assert result["documents"] >= 9
    with zipfile.ZipFile(target) as archive:
        from lxml import etree

        root = etree.fromstring(archive.read(result["message"]))
    assert schema(version).validate(root)
    assert [p.name for p in tmp_path.iterdir()] == ["paket.zip"]


def test_export_command_errors(world, tmp_path):
    with pytest.raises(CommandError, match="Kein Vorgang"):
        _run("xdomea", "export", "XX-0", "--out", str(tmp_path / "x.zip"))
    case = full_case(world, decide=False)
    with pytest.raises(CommandError):
        _run("xdomea", "export", case.number, "--out", str(tmp_path / "fehlt" / "x.zip"))


def test_receipt_command(world, make_connector, tmp_path):
    connector = make_connector(target=str(tmp_path))
    case = full_case(world, decide=False)
    export = export_request(case=case, connector=connector, actor=world.caseworker)
    run_until_idle("test")
    receipt = tmp_path / "q.xml"
    receipt.write_bytes(receipt_0402(export.process_id, case.pk, reference="AZ 5"))
    assert _run("xdomea", "receipt", str(receipt))["state"] == ExportState.FILED
    receipt.write_bytes(b"<nein/>")
    with pytest.raises(CommandError, match="Namensraum"):
        _run("xdomea", "receipt", str(receipt))


def test_connector_command_is_idempotent_and_issues_tokens(world, tmp_path):
    args = [
        "connector",
        "create",
        "--tenant",
        world.tenant.slug,
        "--name",
        "E-Akte",
        "--kind",
        "dropfolder",
        "--target",
        str(tmp_path),
    ]
    first = _run(*args)
    again = _run(*args, "--export-on-close")
    assert (first["created"], again["created"], first["id"]) == (True, False, again["id"])
    assert Connector.objects.get().export_on_close is True
    token = _run("connector", "token", str(first["id"]))["token"]
    assert token.startswith("ovc_")
    with pytest.raises(CommandError):
        _run(
            "connector",
            "create",
            "--tenant",
            "gibtsnicht",
            "--name",
            "x",
            "--kind",
            "http",
            "--target",
            "https://x/",
        )
