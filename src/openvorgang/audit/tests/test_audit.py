"""The access audit: what is recorded, the hash chain, tampering detected by `audit verify`,
the retention purge keeping the chain verifiable, and the tenant admin's query screen."""

from __future__ import annotations

import datetime as dt
import io
import itertools
import json

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from openvorgang.audit.models import AuditAction, AuditChain, AuditRecord
from openvorgang.audit.services import audit_record, purge_expired, verify_chain
from openvorgang.testing.factories import make_case


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _verify(*args):
    out = io.StringIO()
    call_command("audit", "verify", *args, stdout=out)
    return json.loads(out.getvalue())


def _raw(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_views_downloads_search_hits_and_api_reads_are_recorded(world):
    case = make_case(org_unit=world.unit)
    stored = case.files.get(kind="representation")
    client = _client(world.caseworker)
    client.get(f"/vorgaenge/{case.pk}/")
    client.get(f"/vorgaenge/{case.pk}/?von=suche")
    client.get(f"/vorgaenge/{case.pk}/dateien/{stored.pk}/")
    api = APIClient()
    api.force_authenticate(world.caseworker)
    api.get(f"/api/v1/cases/{case.pk}")
    records = list(AuditRecord.objects.order_by("seq"))
    assert [r.action for r in records] == [
        AuditAction.VIEW_CASE,
        AuditAction.OPEN_SEARCH_RESULT,
        AuditAction.DOWNLOAD_FILE,
        AuditAction.API_READ,
    ]
    assert {r.tenant_id for r in records} == {world.tenant.pk}
    assert {r.case_number for r in records} == {case.number}
    assert records[2].detail.startswith("Antrag.pdf")
    assert records[0].user_name == world.caseworker.display_name
    # someone who may not see the case leaves no record (and gets 404)
    assert _client(world.foreign_caseworker).get(f"/vorgaenge/{case.pk}/").status_code == 404
    assert AuditRecord.objects.count() == 4


def test_chain_links_and_verifies(world):
    case = make_case(org_unit=world.unit)
    for _ in range(5):
        audit_record(user=world.caseworker, case=case, action=AuditAction.VIEW_CASE)
    other = make_case(org_unit=world.foreign_unit)
    audit_record(user=world.foreign_caseworker, case=other, action=AuditAction.VIEW_CASE)
    records = list(AuditRecord.objects.filter(tenant_id=world.tenant.pk).order_by("seq"))
    assert [r.seq for r in records] == [1, 2, 3, 4, 5]
    assert all(b.prev_hash == a.hash for a, b in itertools.pairwise(records))
    assert verify_chain(world.tenant.pk) == (5, None)
    assert _verify() == {"ok": True, "chains": 2, "records": 6}


@pytest.mark.parametrize(
    ("tamper", "reason"),
    [
        (
            "UPDATE audit_auditrecord SET user_name = 'Niemand' WHERE seq = 3 AND tenant_id = %s",
            "Inhalt wurde verändert",
        ),
        ("UPDATE audit_auditrecord SET at = at WHERE seq = 3 AND tenant_id = %s", None),
        ("DELETE FROM audit_auditrecord WHERE seq = 3 AND tenant_id = %s", "Eintrag 3 fehlt"),
        (
            "DELETE FROM audit_auditrecord WHERE seq = 5 AND tenant_id = %s",
            "Ende der Kette wurde gekürzt",
        ),
    ],
)
def test_altered_records_are_detected(world, tamper, reason):
    case = make_case(org_unit=world.unit)
    for _ in range(5):
        audit_record(user=world.caseworker, case=case, action=AuditAction.VIEW_CASE)
    _raw(tamper, [world.tenant.pk])
    _checked, broken = verify_chain(world.tenant.pk)
    if reason is None:  # a no-op write changes nothing
        assert broken is None
        return
    assert broken is not None
    assert reason in broken.reason
    with pytest.raises(CommandError, match=f"Mandant {world.tenant.pk} gebrochen"):
        _verify("--tenant", world.tenant.slug)


def test_append_only_in_the_application():
    with pytest.raises(TypeError):
        AuditRecord.objects.all().update(user_name="x")
    with pytest.raises(TypeError):
        AuditRecord.objects.all().delete()


def test_retention_purge_keeps_the_chain_verifiable(world, settings):
    settings.OPENVORGANG_AUDIT_RETENTION_DAYS = 30
    case = make_case(org_unit=world.unit)
    with time_machine.travel(timezone.now() - dt.timedelta(days=40)):
        for _ in range(3):
            audit_record(user=world.caseworker, case=case, action=AuditAction.VIEW_CASE)
    for _ in range(2):
        audit_record(user=world.caseworker, case=case, action=AuditAction.VIEW_CASE)
    assert purge_expired() == 3
    assert list(AuditRecord.objects.order_by("seq").values_list("seq", flat=True)) == [4, 5]
    chain = AuditChain.objects.get(tenant_id=world.tenant.pk)
    assert chain.anchor_seq == 3
    assert verify_chain(world.tenant.pk) == (2, None)
    audit_record(user=world.caseworker, case=case, action=AuditAction.VIEW_CASE)
    assert verify_chain(world.tenant.pk) == (3, None)


def test_tenant_admin_queries_own_tenant_only(world):
    case = make_case(org_unit=world.unit)
    audit_record(user=world.caseworker, case=case, action=AuditAction.VIEW_CASE)
    other = make_case(org_unit=world.foreign_unit)
    audit_record(user=world.foreign_caseworker, case=other, action=AuditAction.DOWNLOAD_FILE)
    page = _client(world.admin).get("/verwaltung/protokoll/", {"vorgang": case.number})
    text = page.content.decode()
    assert case.number in text
    assert other.number not in text
    assert "Vorgang angesehen" in text
    everything = _client(world.admin).get("/verwaltung/protokoll/").content.decode()
    assert other.number not in everything
    for who in ("caseworker", "operator"):
        assert _client(getattr(world, who)).get("/verwaltung/protokoll/").status_code == 404
