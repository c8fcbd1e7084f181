"""A tenant admin's folders stay inside the tenant's root: another tenant's receipt folder
or drop folder is refused when saved, and never read or written by the worker even when a
row points there (an older row, a symbolic link placed later)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client

from openvorgang.jobs.worker import run_until_idle
from openvorgang.records.feed import read_receipt_folders
from openvorgang.records.models import Connector, Export
from openvorgang.records.services import export_request
from openvorgang.records.tests.helpers import full_case
from openvorgang.records.tests.test_connector_admin import FORM


@pytest.fixture
def roots(settings, tmp_path, world):
    """One root per tenant, as in production: <tmp>/<slug>."""
    settings.OPENVORGANG_FOLDER_ROOT = str(tmp_path / "{tenant}")
    own = tmp_path / world.tenant.slug
    foreign = tmp_path / world.foreign_tenant.slug
    for folder in (own / "quittungen", foreign / "quittungen"):
        folder.mkdir(parents=True)
    return own, foreign


def _admin(world):
    client = Client()
    client.force_login(world.admin)
    return client


@pytest.mark.parametrize("field", ["target", "receipt_folder"])
@pytest.mark.parametrize("where", ["foreign", "dotdot", "outside"])
def test_folders_outside_the_tenants_root_are_refused_when_saved(world, roots, field, where):
    own, foreign = roots
    path = {
        "foreign": str(foreign / "quittungen"),
        "dotdot": str(own / ".." / foreign.name / "quittungen"),
        "outside": "/etc",
    }[where]
    form = {**FORM, "kind": "dropfolder", "target": str(own), field: path}
    answer = _admin(world).post("/verwaltung/anbindungen/neu/", form)
    assert answer.status_code == 200
    assert "muss unterhalb von" in answer.content.decode()
    assert not Connector.objects.exists()


def test_a_folder_inside_the_root_is_accepted(world, roots):
    own, _ = roots
    form = {
        **FORM,
        "kind": "dropfolder",
        "target": str(own),
        "receipt_folder": str(own / "quittungen"),
    }
    assert _admin(world).post("/verwaltung/anbindungen/neu/", form).status_code == 302


def test_the_worker_never_reads_another_tenants_receipts(world, roots, make_connector):
    """The Lübeck case: a connector row pointing at Kiel's receipt folder. Kiel's receipt
    stays where it is; it is neither imported nor moved to fehler/."""
    own, foreign = roots
    receipt = foreign / "quittungen" / "kiel.xml"
    receipt.write_bytes(b"<gueltige-quittung-von-kiel/>")
    make_connector(target=str(own), receipt_folder=str(foreign / "quittungen"))
    assert read_receipt_folders() == 0
    assert receipt.exists()
    assert not (foreign / "quittungen" / "fehler").exists()


def test_a_symbolic_link_out_of_the_root_is_not_followed(world, roots, make_connector):
    own, foreign = roots
    link = own / "ablage"
    link.symlink_to(foreign, target_is_directory=True)
    connector = make_connector(kind="dropfolder", target=str(link))
    export = export_request(
        case=full_case(world, decide=False), connector=connector, actor=world.caseworker
    )
    run_until_idle("test")
    export = Export.objects.get(pk=export.pk)
    assert export.state == "failed"
    assert not [p for p in Path(foreign).iterdir() if p.is_file()]
