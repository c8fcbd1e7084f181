"""The example files of docs/routing.md import as documented."""

from __future__ import annotations

from pathlib import Path

import pytest

from openvorgang.directory import importer
from openvorgang.directory.models import Responsibility
from openvorgang.testing.factories import TenantFactory

EXAMPLES = Path(__file__).resolve().parents[4] / "docs" / "examples"


@pytest.fixture
def land(db):
    for name in ("sh-regions.csv", "leika-services.csv"):
        data = Path(importer.__file__).resolve().parent / "data" / name
        assert importer.import_directory(data.read_bytes(), name=name).written
    for ars, kind, prefix in (
        ("010020000000", "kreisfreie_stadt", "KI"),
        ("010575727000", "amt", "LJB"),
        ("010580000000", "kreis", "RD"),
    ):
        TenantFactory(ars=ars, kind=kind, case_number_prefix=prefix)


def test_the_json_example_then_the_csv_example(land):
    json_report = importer.import_directory(
        (EXAMPLES / "verzeichnis.json").read_bytes(), name="verzeichnis.json"
    )
    assert json_report.written, json_report.errors
    csv_report = importer.import_directory(
        (EXAMPLES / "zustaendigkeiten.csv").read_bytes(), name="zustaendigkeiten.csv"
    )
    assert csv_report.written, csv_report.errors
    # the CSV adds two rules and gives the JSON one a note
    assert csv_report.summary["responsibilities"] == {"create": 2, "update": 1, "unchanged": 0}
    assert Responsibility.objects.count() == 3
