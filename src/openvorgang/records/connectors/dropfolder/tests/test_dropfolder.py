"""Drop folder connector against a real temporary folder."""

from __future__ import annotations

import zipfile

from django.core.files.storage import default_storage
from django.utils import timezone

from openvorgang.cases.models import CaseStatus
from openvorgang.jobs.worker import run_until_idle
from openvorgang.outbox.models import Delivery
from openvorgang.records.models import Export, ExportState
from openvorgang.records.services import export_request
from openvorgang.records.tests.helpers import full_case


def test_package_lands_complete_in_the_folder(world, make_connector, tmp_path):
    connector = make_connector(kind="dropfolder", target=str(tmp_path))
    case = full_case(world, status=CaseStatus.ABGESCHLOSSEN)
    export = export_request(case=case, connector=connector, actor=world.caseworker)
    run_until_idle("test")
    export.refresh_from_db()
    assert export.state == ExportState.SENT
    landed = tmp_path / export.file_name
    assert [p.name for p in tmp_path.iterdir()] == [export.file_name]  # no partial file left
    with default_storage.open(export.storage_name, "rb") as stored:
        assert landed.read_bytes() == stored.read()
    assert zipfile.is_zipfile(landed)
    history = list(case.events.values_list("kind", flat=True))
    assert "export" in history


def test_missing_share_is_retried_and_then_works(world, make_connector, tmp_path):
    share = tmp_path / "share"
    connector = make_connector(kind="dropfolder", target=str(share))
    case = full_case(world, decide=False)
    export = export_request(case=case, connector=connector, actor=world.caseworker)
    run_until_idle("test")
    export.refresh_from_db()
    delivery = Delivery.objects.get(pk=export.delivery_id)
    assert (export.state, delivery.state, delivery.attempts) == (ExportState.QUEUED, "queued", 1)
    assert "nicht erreichbar" in delivery.last_error
    share.mkdir()
    Delivery.objects.filter(pk=delivery.pk).update(run_after=timezone.now())
    run_until_idle("test")
    export.refresh_from_db()
    assert export.state == ExportState.SENT
    assert (share / export.file_name).exists()
    assert Export.objects.count() == 1
