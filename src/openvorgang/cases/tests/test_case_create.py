"""Creating a case: numbering, files through storage with hash/size/sniffed type, and the
all-or-nothing guarantee."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from unittest import mock

import pytest
from django.core.files.storage import default_storage

from openvorgang.cases import incoming, services
from openvorgang.cases.errors import InvalidInput
from openvorgang.cases.models import Case, CaseEvent, CaseFile, CaseStatus
from openvorgang.testing.factories import PDF_BYTES, OrgUnitFactory, TenantFactory, make_case


def test_numbers_follow_the_tenant_scheme_and_count_per_year(world):
    first = make_case(org_unit=world.unit, received_at=dt.datetime(2026, 5, 1, 10, tzinfo=dt.UTC))
    second = make_case(org_unit=world.unit, received_at=dt.datetime(2026, 5, 2, 10, tzinfo=dt.UTC))
    next_year = make_case(org_unit=world.unit, received_at=dt.datetime(2027, 1, 2, tzinfo=dt.UTC))
    assert (first.number, second.number, next_year.number) == (
        "MH-2026-000001",
        "MH-2026-000002",
        "MH-2027-000001",
    )


def test_custom_number_scheme(db):
    tenant = TenantFactory(case_number_prefix="KI", case_number_format="{prefix}/{seq:05d}/{year}")
    case = make_case(tenant=tenant, received_at=dt.datetime(2026, 1, 5, tzinfo=dt.UTC))
    assert case.number == "KI/00001/2026"


def test_case_without_tenant_gets_a_platform_number(db, settings):
    settings.OPENVORGANG_PLATFORM_CASE_PREFIX = "SH"
    case = services.case_create(data=incoming.NewCase(channel="api"))
    assert case.number.startswith("SH-")
    assert case.tenant is None


def test_files_are_stored_under_generated_names_with_hash_size_and_sniffed_type(world):
    case = make_case(org_unit=world.unit)
    files = {f.kind: f for f in CaseFile.objects.filter(case=case)}
    pdf, note = files["representation"], files["attachment"]
    assert pdf.media_type == "application/pdf"
    assert pdf.sha256 == hashlib.sha256(PDF_BYTES).hexdigest()
    assert pdf.size == len(PDF_BYTES)
    assert note.original_name == "notiz.txt"  # path parts of the client's name removed
    assert note.media_type == "text/plain"
    for f in (pdf, note):
        assert str(f.pk) in f.storage_name
        assert f.original_name not in f.storage_name
        with default_storage.open(f.storage_name) as handle:
            assert hashlib.sha256(handle.read()).hexdigest() == f.sha256


def test_client_media_type_claims_are_ignored(world):
    fake_pdf = incoming.IncomingFile(io.BytesIO(b"\x89PNG\r\n\x1a\n" + b"\x00" * 40), "bild.pdf")
    case = services.case_create(
        data=incoming.NewCase(channel="api", tenant=world.tenant, attachments=[fake_pdf])
    )
    assert case.files.get().media_type == "image/png"


def test_a_failure_after_storing_files_leaves_nothing(world):
    before = set(_stored_names())
    with (
        mock.patch.object(CaseEvent.objects, "create", side_effect=RuntimeError("boom")),
        pytest.raises(RuntimeError),
    ):
        make_case(org_unit=world.unit)
    assert Case.objects.count() == 0
    assert CaseFile.objects.count() == 0
    assert set(_stored_names()) == before


def test_a_rolled_back_case_gives_its_number_back(world):
    first = make_case(org_unit=world.unit)
    with (
        mock.patch.object(CaseEvent.objects, "create", side_effect=RuntimeError("boom")),
        pytest.raises(RuntimeError),
    ):
        make_case(org_unit=world.unit)
    second = make_case(org_unit=world.unit)
    assert int(second.number[-6:]) == int(first.number[-6:]) + 1


@pytest.mark.django_db(transaction=True)
def test_numbers_are_allocated_only_inside_a_transaction():
    from openvorgang.cases.numbering import next_case_number

    with pytest.raises(RuntimeError, match="inside"):
        next_case_number(tenant=TenantFactory(), on=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))


def _stored_names():
    def walk(path):
        dirs, files = default_storage.listdir(path)
        for f in files:
            yield f"{path}/{f}"
        for d in dirs:
            yield from walk(f"{path}/{d}")

    return list(walk("cases")) if default_storage.exists("cases") else []


def test_org_unit_must_belong_to_the_tenant(world):
    with pytest.raises(InvalidInput, match="gehört nicht"):
        services.case_create(
            data=incoming.NewCase(channel="api", tenant=world.tenant, org_unit=world.foreign_unit)
        )
    assert Case.objects.count() == 0


def test_invalid_leika_key_is_refused(world):
    with pytest.raises(InvalidInput, match="Leistungsschlüssel"):
        services.case_create(
            data=incoming.NewCase(channel="api", tenant=world.tenant, leika_keys=["123"])
        )


def test_case_starts_new_unassigned(world):
    case = make_case(org_unit=world.unit)
    assert (case.status, case.assignee, case.version) == (CaseStatus.NEU, None, 1)
    assert case.status_since == case.received_at


def test_numbers_are_unique_across_tenants(db):
    a = make_case(org_unit=OrgUnitFactory())
    b = make_case(org_unit=OrgUnitFactory())
    assert a.number != b.number


def test_a_case_received_in_the_first_hour_of_new_year_gets_the_new_years_number(world):
    """00:30 on 1 January in Berlin is still 31 December in UTC: the number follows the
    authority's calendar."""
    received = dt.datetime(2026, 12, 31, 23, 30, tzinfo=dt.UTC)  # 00:30 CET, 1 January 2027
    case = make_case(org_unit=world.unit, received_at=received)
    assert case.number == "MH-2027-000001"
