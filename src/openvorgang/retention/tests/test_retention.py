"""Retention: due and not due (per service, default per tenant, counted from closing), dry
run, archive first (export or marked offer), confirmation by Löschberechtigte, automatic
deletion, everything gone (files, messages, search entries, export packages) and a minimal
deletion record; re-applying deletions after restoring an older backup."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
import time_machine
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.utils import timezone

from openvorgang.cases.models import Case, CaseFile, CaseStatus, CaseTombstone
from openvorgang.jobs.worker import run_until_idle
from openvorgang.mailbox.models import Message
from openvorgang.mailbox.services import message_send
from openvorgang.records.models import Connector, Export, Purpose
from openvorgang.retention.models import ArchiveOffer, RetentionRule, RetentionSetting
from openvorgang.retention.services import retention_run
from openvorgang.search.indexing import index_stale
from openvorgang.search.models import CaseSearch
from openvorgang.testing.factories import make_case

NOW = dt.datetime(2036, 3, 1, 12, 0, tzinfo=dt.UTC)


def _closed(world, *, closed: dt.datetime, service="99050012104000", **kw):
    case = make_case(
        org_unit=world.unit,
        status=CaseStatus.ABGESCHLOSSEN,
        leika_keys=[service],
        applicant_email="j@example.org",
        **kw,
    )
    Case.objects.filter(pk=case.pk).update(status_since=closed)
    case.refresh_from_db()
    return case


@pytest.fixture
def setting(world):
    RetentionRule.objects.create(tenant=world.tenant, service_key="99123456789000", years=2)
    return RetentionSetting.objects.create(
        tenant=world.tenant, default_years=10, archive_first=False
    )


def _numbers(report):
    return sorted(report[0].due)


def test_due_and_not_due(world, setting):
    old = _closed(world, closed=NOW - dt.timedelta(days=365 * 10 + 5))
    young = _closed(world, closed=NOW - dt.timedelta(days=365 * 10 - 5))
    short = _closed(world, closed=NOW - dt.timedelta(days=365 * 2 + 3), service="99123456789000")
    open_case = make_case(org_unit=world.unit, status=CaseStatus.IN_BEARBEITUNG)
    Case.objects.filter(pk=open_case.pk).update(status_since=NOW - dt.timedelta(days=9000))
    foreign = make_case(org_unit=world.foreign_unit, status=CaseStatus.ABGESCHLOSSEN)
    Case.objects.filter(pk=foreign.pk).update(status_since=NOW - dt.timedelta(days=9000))
    report = retention_run(dry_run=True, now=NOW)
    assert _numbers(report) == sorted([old.number, short.number])
    assert young.number not in report[0].due
    assert Case.objects.get(pk=old.pk).status == CaseStatus.ABGESCHLOSSEN  # dry run
    retention_run(now=NOW)
    assert Case.objects.get(pk=old.pk).status == CaseStatus.ZU_LOESCHEN
    assert Case.objects.get(pk=young.pk).status == CaseStatus.ABGESCHLOSSEN
    assert Case.objects.get(pk=foreign.pk).status == CaseStatus.ABGESCHLOSSEN  # no setting


def test_confirmation_by_loeschberechtigt_deletes_everything(
    world, setting, django_capture_on_commit_callbacks
):
    case = _closed(world, closed=NOW - dt.timedelta(days=365 * 11))
    Case.objects.filter(pk=case.pk).update(status=CaseStatus.IN_BEARBEITUNG)
    message_send(case=case, actor=world.caseworker, text="Frage")
    Case.objects.filter(pk=case.pk).update(status=CaseStatus.ABGESCHLOSSEN)
    index_stale()
    assert CaseSearch.objects.filter(case_id=case.pk).exists()
    names = list(CaseFile.objects.filter(case=case).values_list("storage_name", flat=True))
    assert names
    assert all(default_storage.exists(n) for n in names)
    with time_machine.travel(NOW, tick=False):
        retention_run(now=NOW)
    client = Client()
    client.force_login(world.deleter)
    page = client.get("/vorgaenge/loeschfreigabe/").content.decode()
    assert case.number in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/vorgaenge/loeschfreigabe/", {"ids": [str(case.pk)], "bestaetigt": "1"})
    assert not Case.objects.filter(pk=case.pk).exists()
    assert not Message.objects.filter(case_id=case.pk).exists()
    assert not CaseSearch.objects.filter(case_id=case.pk).exists()
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM search_fts WHERE case_id = %s", [case.pk.hex])
            assert cursor.fetchone()[0] == 0
    assert not any(default_storage.exists(n) for n in names)
    tombstone = CaseTombstone.objects.get(case_id=case.pk)
    assert tombstone.number == case.number
    assert tombstone.deleted_by == world.deleter
    assert tombstone.closed_at is not None
    assert tombstone.service_key == "99050012104000"
    fields = {f.name for f in CaseTombstone._meta.fields}
    assert not {"applicant_name", "form_data", "applicant_email"} & fields


def test_only_loeschberechtigte_confirm(world, setting):
    case = _closed(world, closed=NOW - dt.timedelta(days=365 * 11))
    retention_run(now=NOW)
    client = Client()
    client.force_login(world.caseworker)
    assert client.get("/vorgaenge/loeschfreigabe/").status_code == 404
    client.post("/vorgaenge/loeschfreigabe/", {"ids": [str(case.pk)], "bestaetigt": "1"})
    assert Case.objects.filter(pk=case.pk).exists()


def test_archive_first_with_export_then_automatic_deletion(
    world, setting, tmp_path, settings, django_capture_on_commit_callbacks
):
    settings.OPENVORGANG_FOLDER_ROOT = str(tmp_path)
    archive = Connector.objects.create(
        tenant=world.tenant,
        name="Landesarchiv",
        purpose=Purpose.DMS,
        kind="dropfolder",
        target=str(tmp_path),
    )
    setting.archive_first, setting.archive_connector = True, archive
    setting.automatic_deletion = True
    setting.save()
    case = _closed(world, closed=NOW - dt.timedelta(days=365 * 11))
    report = retention_run(now=NOW)
    assert report[0].offered == 1
    assert report[0].waiting == [case.number]  # the export is not out yet
    assert Case.objects.filter(pk=case.pk).exists()
    run_until_idle("test")  # the export reaches the archive's folder
    export = Export.objects.get(case=case)
    assert export.state == "sent"
    package = export.storage_name
    assert default_storage.exists(package)
    with django_capture_on_commit_callbacks(execute=True):
        report = retention_run(now=NOW)
    assert report[0].deleted == [case.number]
    assert not Case.objects.filter(pk=case.pk).exists()
    assert not default_storage.exists(package)  # the package with the files is gone too
    assert len(list(tmp_path.iterdir())) == 1  # the archive has it
    assert CaseTombstone.objects.get(case_id=case.pk).deleted_by_name == "Aufbewahrungsfrist"


def test_archive_first_without_connector_waits_after_marking(world, setting):
    setting.archive_first, setting.automatic_deletion, setting.offer_wait_days = True, True, 30
    setting.save()
    case = _closed(world, closed=NOW - dt.timedelta(days=365 * 11))
    with time_machine.travel(NOW, tick=False):
        retention_run(now=NOW)
    assert ArchiveOffer.objects.get(case=case).export is None
    assert retention_run(now=NOW + dt.timedelta(days=10))[0].waiting == [case.number]
    assert retention_run(now=NOW + dt.timedelta(days=31))[0].deleted == [case.number]


def test_command_and_reapply_after_restoring_a_backup(
    world, setting, django_capture_on_commit_callbacks
):
    case = _closed(world, closed=NOW - dt.timedelta(days=365 * 11))
    out = io.StringIO()
    with time_machine.travel(NOW, tick=False):
        call_command("retention", "run", "--dry-run", stdout=out)
    assert json.loads(out.getvalue())["tenants"][0]["due"] == [case.number]
    # a backup from before a deletion was restored: the case is back, its deletion record too
    CaseTombstone.objects.create(
        case_id=case.pk,
        number=case.number,
        tenant=world.tenant,
        received_at=case.received_at,
        deleted_at=timezone.now(),
        deleted_by_name="Frau Löscher",
    )
    names = list(CaseFile.objects.filter(case=case).values_list("storage_name", flat=True))
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("retention", "reapply", stdout=out)
    assert json.loads(out.getvalue())["deleted_again"] == 1
    assert not Case.objects.filter(pk=case.pk).exists()
    assert not any(default_storage.exists(n) for n in names)


def test_settings_page_for_tenant_admins(world):
    client = Client()
    client.force_login(world.admin)
    answer = client.post(
        "/verwaltung/aufbewahrung/",
        {
            "default_years": "6",
            "offer_wait_days": "30",
            "archive_first": "on",
            "rules": "99050012104000 3\n99123456789000 30",
        },
        follow=True,
    )
    assert "Aufbewahrung gespeichert." in answer.content.decode()
    assert RetentionSetting.objects.get(tenant=world.tenant).default_years == 6
    assert dict(RetentionRule.objects.values_list("service_key", "years")) == {
        "99050012104000": 3,
        "99123456789000": 30,
    }
    bad = client.post(
        "/verwaltung/aufbewahrung/",
        {"default_years": "6", "offer_wait_days": "1", "rules": "123 x"},
    )
    assert "Zeile 1" in bad.content.decode()
    for who in ("caseworker", "deleter", "operator"):
        other = Client()
        other.force_login(getattr(world, who))
        assert other.get("/verwaltung/aufbewahrung/").status_code == 404
