"""Directory import and export: validation with line numbers, all or nothing, dry run,
idempotence, tenant scope, the command."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command

from openvorgang.directory import importer
from openvorgang.directory.models import Region, Responsibility, Service
from openvorgang.directory.tests.conftest import AMT, DORF, GEWERBE, STADT

REGIONS = b"""ars,ags,name,kind,parent_ars
010000000000,01,Schleswig-Holstein,land,
010020000000,01002000,"Kiel, Landeshauptstadt",kreisfreie_stadt,010000000000
"""


def test_csv_regions_are_created_then_unchanged(db):
    first = importer.import_directory(REGIONS, name="r.csv")
    assert first.written
    assert first.summary == {"regions": {"create": 2, "update": 0, "unchanged": 0}}
    assert Region.objects.get(ars="010020000000").parent.ars == "010000000000"
    again = importer.import_directory(REGIONS, name="r.csv")
    assert again.summary == {"regions": {"create": 0, "update": 0, "unchanged": 2}}
    assert again.changes == []


def test_a_dry_run_reports_and_writes_nothing(db):
    report = importer.import_directory(REGIONS, name="r.csv", dry_run=True)
    assert report.ok
    assert not report.written
    assert report.summary["regions"]["create"] == 2
    assert "Region 010020000000 Kiel, Landeshauptstadt neu" in report.changes
    assert Region.objects.count() == 0


def test_bad_rows_are_reported_with_their_lines_and_nothing_is_written(db):
    content = REGIONS + b"0100x,,Kaputt,land,\n010030000000,,,dorf,010000000000\n1,2\n"
    report = importer.import_directory(content, name="r.csv")
    assert not report.written
    assert [(e["where"], e["message"]) for e in report.errors] == [
        ("Zeile 4", "ARS '0100x' hat nicht 12 Ziffern"),
        ("Zeile 5", "Pflichtangabe fehlt: name"),
        ("Zeile 6", "2 statt 5 Spalten"),
    ]
    assert Region.objects.count() == 0  # the two good rows are not imported either


def test_unknown_parents_and_duplicates_are_errors(db):
    content = (
        b"ars,name,kind,parent_ars\n010020000000,Kiel,kreisfreie_stadt,019999999999\n"
        b"010020000000,Kiel,kreisfreie_stadt,\n"
    )
    report = importer.import_directory(content, name="r.csv")
    messages = [e["message"] for e in report.errors]
    assert "010020000000 kommt in der Datei mehrfach vor" in messages
    assert "übergeordnete Region 019999999999 ist unbekannt (010020000000)" in messages


def test_json_with_every_section_in_one_file(directory):
    document = {
        "services": [{"leika_key": "99089017152000", "name": "Fundsachen Herausgabe"}],
        "org_units": [
            {"tenant": directory.amt.slug, "oe_id": "amt-fund", "name": "Fundbüro",
             "default": True},
        ],
        "responsibilities": [
            {"leika_key": "99089017152000", "ars": AMT, "oe_id": "amt-fund"},
            {"leika_key": GEWERBE, "ars": STADT, "oe_id": "kiel-gew", "note": "Hauptsitz"},
        ],
    }  # fmt: skip
    report = importer.import_directory(json.dumps(document).encode(), name="d.json")
    assert report.written, report.errors
    assert report.summary["responsibilities"] == {"create": 2, "update": 0, "unchanged": 0}
    fund = Responsibility.objects.get(service__leika_key="99089017152000")
    assert (fund.org_unit.name, fund.org_unit.is_default) == ("Fundbüro", True)
    # switching a rule off is an update, never a deletion
    document["responsibilities"][1]["active"] = False
    report = importer.import_directory(json.dumps(document).encode(), name="d.json")
    assert report.summary["responsibilities"] == {"create": 0, "update": 1, "unchanged": 1}
    assert not Responsibility.objects.get(service__leika_key=GEWERBE).active


def test_json_errors_name_the_entry(directory):
    document = {"responsibilities": [{"leika_key": "123", "ars": DORF, "oe_id": "nope"}, 5]}
    report = importer.import_directory(json.dumps(document).encode(), name="d.json")
    assert report.errors == [
        {
            "where": "responsibilities[0]",
            "kind": "responsibilities",
            "message": "Leistungsschlüssel 123 ist nicht im Verzeichnis; "
            "OrganisationsEinheitID nope unbekannt",
        },
        {"where": "responsibilities[1]", "kind": "responsibilities", "message": "Objekt erwartet"},
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"foo,bar\n1,2\n", "Unbekannte Kopfzeile"),
        (b"", "leer"),
        (b"{not json", "Kein gültiges JSON"),
        (b'{"tenants": []}', "mindestens einem von"),
        ("ars,name,kind\n".encode("utf-16"), "nicht UTF-8"),
    ],
)
def test_unreadable_files_are_refused_as_a_whole(db, content, message):
    with pytest.raises(importer.ImportError_, match=message):
        importer.import_directory(content, name="x")


def test_a_tenant_admin_imports_only_rules_of_its_own_units(directory):
    content = (
        f"leika_key,ars,oe_id\n{GEWERBE},{DORF},amt-ordnung\n{GEWERBE},{STADT},kiel-gew\n"
    ).encode()
    report = importer.import_directory(content, name="z.csv", tenant=directory.amt)
    assert report.errors == [
        {
            "where": "Zeile 3",
            "kind": "responsibilities",
            "message": "Zuständigkeiten anderer Mandanten sind nicht erlaubt",
        }
    ]
    regions = importer.import_directory(REGIONS, name="r.csv", tenant=directory.amt)
    assert regions.errors[0]["message"] == "Regionen und Leistungen pflegt nur der Land-Betrieb"
    assert Responsibility.objects.count() == 0


def test_semicolon_csv_with_extra_columns(db):
    content = "leika_key;name;typical_authority\n99050012104000;Gewerbe Anmeldung;Gemeinde\n"
    report = importer.import_directory(content.encode(), name="s.csv")
    assert report.written
    assert report.ignored_columns == ["typical_authority"]
    assert Service.objects.get().name == "Gewerbe Anmeldung"


def test_export_then_import_changes_nothing(directory):
    directory.rule(GEWERBE, STADT, directory.stadt_gewerbe)
    exported = json.dumps(importer.export_json()).encode()
    report = importer.import_directory(exported, name="e.json")
    assert report.written
    assert all(s["create"] == s["update"] == 0 for s in report.summary.values())
    csv_text = importer.export_csv("responsibilities")
    assert csv_text == f"leika_key,ars,oe_id,active,note\n{GEWERBE},{STADT},kiel-gew,true,\n"


def test_the_command_imports_the_packaged_land_data_and_reports(db, tmp_path):
    out = io.StringIO()
    call_command("directory", "import-builtin", stdout=out)
    reports = json.loads(out.getvalue())
    assert reports["sh-regions.csv"]["summary"]["regions"]["create"] == 1199
    assert reports["leika-services.csv"]["summary"]["services"]["create"] == 25
    kiel = Region.objects.get(ars="010020000000")
    assert kiel.parent.ars == "010000000000"
    bad = tmp_path / "bad.csv"
    bad.write_text("ars,name,kind\n123,X,land\n")
    out = io.StringIO()
    with pytest.raises(CommandError, match="1 fehlerhafte Einträge; nichts geschrieben"):
        call_command("directory", "import", str(bad), stdout=out)
    assert json.loads(out.getvalue())["bad.csv"]["errors"][0]["where"] == "Zeile 2"


def test_the_command_routes_and_exports(directory):
    directory.rule(GEWERBE, STADT, directory.stadt_gewerbe)
    out = io.StringIO()
    call_command("directory", "route", "--leika", GEWERBE, "--ars", STADT, stdout=out)
    assert json.loads(out.getvalue())["orgUnitId"] == directory.stadt_gewerbe.pk
    out = io.StringIO()
    call_command("directory", "export", "--format", "csv", "--kind", "services", stdout=out)
    assert out.getvalue().splitlines()[0] == "leika_key,name,group"
