"""xdomea 0401 export: valid against both official schemas in every final state, the ZIP
layout the standard describes, and every file inside byte-identical to the stored one."""

from __future__ import annotations

import hashlib
import io
import os
import uuid
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone
from lxml import etree

from openvorgang.cases.models import CaseFile, CaseStatus
from openvorgang.records.tests.helpers import full_case, message_of, read_zip
from openvorgang.records.xdomea.message import XSD, InvalidMessage, Party, build_message
from openvorgang.records.xdomea.package import write_package

STANDARDS = Path(
    os.environ.get(
        "OPENVORGANG_STANDARDS_DIR",
        Path(__file__).resolve().parents[4].parent / "shared" / "standards",
    )
)
FINAL = [
    CaseStatus.BESCHIEDEN,
    CaseStatus.ABGESCHLOSSEN,
    CaseStatus.VERWORFEN,
    CaseStatus.WEITERGELEITET,
    CaseStatus.ZU_LOESCHEN,
]


def _export(case, version="3.0.0"):
    out = io.BytesIO()
    process_id = uuid.uuid4()
    write_package(
        out,
        case=case,
        version=version,
        process_id=process_id,
        sender=Party("Stadt Musterhausen", "Gewerbeamt"),
        receiver=Party("DMS der Stadt"),
        created=timezone.now(),
    )
    return process_id, read_zip(out.getvalue())


def _official_schema(version):
    base = STANDARDS / "xdomea" / version if STANDARDS.exists() else XSD / version
    return etree.XMLSchema(etree.parse(str(base / "xdomea-Nachrichten-AbgabeDurchfuehren.xsd")))


@pytest.mark.parametrize("version", ["3.0.0", "3.1.0"])
@pytest.mark.parametrize("status", FINAL)
def test_valid_in_every_final_state(world, version, status):
    case = full_case(world, status=status, decide=status != CaseStatus.VERWORFEN)
    _, files = _export(case, version)
    root = message_of(files)
    schema = _official_schema(version)
    assert schema.validate(root), schema.error_log
    ns = {"x": f"urn:xoev-de:xdomea:schema:{version}"}
    closed = status != CaseStatus.BESCHIEDEN and status != CaseStatus.ZU_LOESCHEN
    assert root.findtext(".//x:Vorgang/x:ZdA", namespaces=ns) == ("true" if closed else "false")


def test_zip_layout_and_byte_identical_files(world):
    case = full_case(world, status=CaseStatus.ABGESCHLOSSEN)
    process_id, files = _export(case)
    assert f"{process_id}_Abgabe.Abgabe.0401.xml" in files
    root = message_of(files)
    ns = {"x": "urn:xoev-de:xdomea:schema:3.0.0"}
    named = root.xpath(".//x:Primaerdokument/x:Dateiname/text()", namespaces=ns)
    # every referenced file is in the ZIP, and nothing else but the message
    message_name = f"{process_id}_Abgabe.Abgabe.0401.xml"
    assert sorted(named) == sorted(n for n in files if n != message_name)
    stored = CaseFile.objects.filter(case=case)
    assert stored.count() == 6
    for f in stored:
        name = f"{f.pk}_{f.original_name}"
        assert name in files, name
        with default_storage.open(f.storage_name, "rb") as source:
            assert files[name] == source.read()
        assert hashlib.sha256(files[name]).hexdigest() == f.sha256
    for name in named:  # the standard's file name: UUID, underscore, name
        uuid.UUID(name[:36])
        assert name[36] == "_"
    kinds = root.xpath(".//x:Dokument/x:Typ/text()", namespaces=ns)
    for kind in (
        "Antrag",
        "Anlage zum Antrag",
        "Vermerk",
        "Nachricht an Antragsteller/in",
        "Nachricht von Antragsteller/in",
        "Bescheid",
        "Vorgangsprotokoll",
    ):
        assert kind in kinds
    assert root.findtext(".//x:Vorgang/x:Identifikation/x:ID", namespaces=ns) == str(case.pk)
    assert root.findtext(".//x:AllgemeineMetadaten/x:Kennzeichen", namespaces=ns) == (
        "32.10/2026/1"
    )
    protocol = next(v for n, v in files.items() if n.endswith("_Vorgangsprotokoll.pdf"))
    assert protocol.startswith(b"%PDF-")


def test_history_is_in_the_message(world):
    case = full_case(world, status=CaseStatus.BESCHIEDEN)
    _, files = _export(case)
    root = message_of(files)
    ns = {"x": "urn:xoev-de:xdomea:schema:3.0.0"}
    actions = root.xpath(".//x:HistorienProtokollInformation/x:Aktion/text()", namespaces=ns)
    assert actions[0].startswith("Antrag eingegangen")
    assert any(a.startswith("Bescheid versandt") for a in actions)


def test_invalid_message_is_refused(world):
    case = full_case(world, decide=False)
    case.number = ""  # Kennzeichen falls back to it
    case.file_number = ""
    case.service_name = ""
    case.applicant_name = ""
    with pytest.raises(InvalidMessage):
        build_message(
            case=case,
            documents=[],
            version="3.0.0",
            process_id="kein-uuid",  # type: ignore[arg-type]
            sender=Party("A"),
            receiver=Party("B"),
            created=timezone.now(),
        )


def test_packaged_schemas_are_the_official_ones():
    if not STANDARDS.exists():
        pytest.skip("../shared/standards not present on this machine")
    for version in ("3.0.0", "3.1.0", "xoev"):
        for official in (STANDARDS / "xdomea" / version).glob("*.xsd"):
            assert (XSD / version / official.name).read_bytes() == official.read_bytes()


def test_no_entry_name_becomes_a_folder_when_unpacked(world):
    """Messages are packed as "Nachricht an Antragsteller/in.txt": the "/" must not make a
    folder "…Antragsteller" with a file "in.txt" when a DMS unpacks the ZIP."""
    _, files = _export(full_case(world, status=CaseStatus.ABGESCHLOSSEN))
    assert any("Antragsteller-in" in name for name in files)
    assert not [name for name in files if "/" in name or "\\" in name]
