"""Writing and checking the access audit."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Protocol

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from openvorgang.accounts.models import User
from openvorgang.audit.models import AuditAction, AuditChain, AuditRecord

GENESIS = "0" * 64


class Audited(Protocol):
    """What the audit keeps of a case (the audit sits below ``cases`` and stores only these)."""

    @property
    def pk(self) -> Any: ...
    @property
    def tenant_id(self) -> int | None: ...
    @property
    def number(self) -> str: ...


def digest(
    *,
    prev_hash: str,
    tenant_id: int | None,
    seq: int,
    at: dt.datetime,
    user_id: int | None,
    user_name: str,
    case_id: uuid.UUID | None,
    case_number: str,
    action: str,
    detail: str,
) -> str:
    body = json.dumps(
        [
            tenant_id,
            seq,
            at.isoformat(),
            user_id,
            user_name,
            str(case_id) if case_id else None,
            case_number,
            action,
            detail,
        ],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(f"{prev_hash}|{body}".encode()).hexdigest()


def _chain_for_update(tenant_id: int | None) -> AuditChain:
    chain = AuditChain.objects.select_for_update().filter(tenant_id=tenant_id).first()
    if chain is None:  # the tenant's first record ever
        AuditChain.objects.get_or_create(tenant_id=tenant_id)
        chain = AuditChain.objects.select_for_update().get(tenant_id=tenant_id)
    return chain


def audit_record(
    *,
    user: User | None,
    case: Audited | None,
    action: AuditAction,
    detail: str = "",
    tenant_id: int | None = None,
    actor_name: str = "",
) -> AuditRecord:
    """Append one record to the tenant's chain (its own short transaction: the chain head is
    locked only for the insert)."""
    tenant = tenant_id if tenant_id is not None else (case.tenant_id if case else None)
    at = timezone.now()
    name = actor_name or (user.display_name if user is not None else "")
    with transaction.atomic():
        chain = _chain_for_update(tenant)
        seq = chain.last_seq + 1
        fields: dict[str, Any] = {
            "tenant_id": tenant,
            "seq": seq,
            "at": at,
            "user_id": user.pk if user is not None else None,
            "user_name": name[:300],
            "case_id": case.pk if case else None,
            "case_number": case.number if case else "",
            "action": action.value,
            "detail": detail[:300],
        }
        record_hash = digest(prev_hash=chain.last_hash, **fields)
        record = AuditRecord.objects.create(prev_hash=chain.last_hash, hash=record_hash, **fields)
        AuditChain.objects.filter(pk=chain.pk).update(last_seq=seq, last_hash=record_hash)
    return record


@dataclass(frozen=True)
class Broken:
    tenant_id: int | None
    seq: int
    record_id: int
    reason: str


def _records(tenant_id: int | None) -> Iterator[AuditRecord]:
    return AuditRecord.objects.filter(tenant_id=tenant_id).order_by("seq").iterator(chunk_size=2000)


def verify_chain(tenant_id: int | None) -> tuple[int, Broken | None]:
    """Walk the chain from its anchor; (records checked, first broken link or None)."""
    chain = AuditChain.objects.filter(tenant_id=tenant_id).first()
    prev_hash = chain.anchor_hash if chain else GENESIS
    expected_seq = (chain.anchor_seq if chain else 0) + 1
    checked = 0
    for record in _records(tenant_id):
        if record.seq != expected_seq:
            return checked, Broken(
                tenant_id,
                expected_seq,
                record.pk,
                f"Eintrag {expected_seq} fehlt (gefunden: {record.seq})",
            )
        if record.prev_hash != prev_hash:
            return checked, Broken(
                tenant_id, record.seq, record.pk, "Verweis auf den Vorgänger stimmt nicht"
            )
        recomputed = digest(
            prev_hash=record.prev_hash,
            tenant_id=record.tenant_id,
            seq=record.seq,
            at=record.at,
            user_id=record.user_id,
            user_name=record.user_name,
            case_id=record.case_id,
            case_number=record.case_number,
            action=record.action,
            detail=record.detail,
        )
        if recomputed != record.hash:
            return checked, Broken(tenant_id, record.seq, record.pk, "Inhalt wurde verändert")
        prev_hash, expected_seq, checked = record.hash, expected_seq + 1, checked + 1
    if (
        chain is not None
        and checked
        and (chain.last_seq, chain.last_hash) != (expected_seq - 1, prev_hash)
    ):
        return checked, Broken(tenant_id, expected_seq, 0, "Ende der Kette wurde gekürzt")
    return checked, None


def chains() -> list[int | None]:
    return list(AuditChain.objects.order_by("tenant_id").values_list("tenant_id", flat=True))


def purge_expired(*, now: dt.datetime | None = None) -> int:
    """Remove records older than OPENVORGANG_AUDIT_RETENTION_DAYS, oldest first per chain; the
    last removed record becomes the chain's anchor so verification still works."""
    cutoff = (now or timezone.now()) - dt.timedelta(days=settings.OPENVORGANG_AUDIT_RETENTION_DAYS)
    removed = 0
    for tenant_id in chains():
        with transaction.atomic():
            chain = _chain_for_update(tenant_id)
            last = (
                AuditRecord.objects.filter(tenant_id=tenant_id, at__lt=cutoff)
                .order_by("-seq")
                .values("seq", "hash")
                .first()
            )
            if last is None:
                continue
            table = AuditRecord._meta.db_table
            where = "tenant_id IS NULL" if tenant_id is None else "tenant_id = %s"
            params = ([] if tenant_id is None else [tenant_id]) + [last["seq"]]
            # table name and condition are fixed in code; the values are parameters
            sql = f"DELETE FROM {table} WHERE {where} AND seq <= %s"  # noqa: S608 # nosec B608
            with connection.cursor() as cursor:
                cursor.execute(sql, params)  # nosemgrep: ov-no-sql-string-building
                removed += cursor.rowcount
            AuditChain.objects.filter(pk=chain.pk).update(
                anchor_seq=last["seq"], anchor_hash=last["hash"]
            )
    return removed
