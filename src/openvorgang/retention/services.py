"""The retention run: closed cases whose period has ended are marked ZU_LOESCHEN, offered to
the archive first where the tenant wants that, and deleted after confirmation by a
Löschberechtigt user or automatically. A minimal deletion record (CaseTombstone) stays."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext

from openvorgang.accounts.models import Role, User
from openvorgang.cases.errors import ActionForbidden, CaseError
from openvorgang.cases.models import Case, CaseEvent, CaseFile, CaseStatus, CaseTombstone, EventKind
from openvorgang.cases.services import (
    case_retention_delete,
    case_retention_mark,
    case_transition,
    remove_stored,
)
from openvorgang.cases.workflow import ENDED
from openvorgang.records.models import ExportState
from openvorgang.records.services import export_request
from openvorgang.retention.models import ArchiveOffer, RetentionRule, RetentionSetting

logger = logging.getLogger(__name__)
BATCH = 500
ARCHIVED = (ExportState.SENT, ExportState.RECEIVED, ExportState.FILED)
REASON = "Aufbewahrungsfrist abgelaufen"


def retention_settings_save(*, setting: RetentionSetting, rules: dict[str, int]) -> None:
    """The tenant's retention setting and its periods per service (exactly ``rules``: service
    key → years), together."""
    with transaction.atomic():
        setting.save()
        RetentionRule.objects.filter(tenant_id=setting.tenant_id).exclude(
            service_key__in=rules
        ).delete()
        for key, years in rules.items():
            RetentionRule.objects.update_or_create(
                tenant_id=setting.tenant_id, service_key=key, defaults={"years": years}
            )


def years_before(moment: dt.datetime, years: int) -> dt.datetime:
    try:
        return moment.replace(year=moment.year - years)
    except ValueError:  # 29 February
        return moment.replace(year=moment.year - years, day=28)


@dataclass
class TenantRun:
    tenant: str
    due: list[str] = field(default_factory=list)
    offered: int = 0
    deleted: list[str] = field(default_factory=list)
    waiting: list[str] = field(default_factory=list)


def due_cases(setting: RetentionSetting, *, now: dt.datetime) -> Any:
    """Closed cases of the tenant whose retention period ended (index case_closed_since)."""
    rules = dict(
        RetentionRule.objects.filter(tenant_id=setting.tenant_id).values_list(
            "service_key", "years"
        )
    )
    condition = Q(status_since__lt=years_before(now, setting.default_years)) & ~Q(
        service_key__in=list(rules)
    )
    for key, years in rules.items():
        condition |= Q(service_key=key, status_since__lt=years_before(now, years))
    return Case.objects.filter(
        condition,
        tenant_id=setting.tenant_id,
        status__in=ENDED,
    ).order_by("status_since")


def _offer(case: Case, setting: RetentionSetting) -> None:
    export = None
    if setting.archive_connector is not None and setting.archive_connector.active:
        export = export_request(case=case, connector=setting.archive_connector, actor=None)
    ArchiveOffer.objects.create(case=case, offered_at=timezone.now(), export=export)


def archive_done(case: Case, setting: RetentionSetting, *, now: dt.datetime) -> bool:
    """May the case go? Without archive-first always; with it once the export reached the
    archive, or (no archive connector) once the offer has waited its days."""
    if not setting.archive_first:
        return True
    offer = ArchiveOffer.objects.select_related("export").filter(case=case).first()
    if offer is None:
        return False
    if offer.export is not None:
        return offer.export.state in ARCHIVED
    return offer.offered_at <= now - dt.timedelta(days=setting.offer_wait_days)


def retention_run(*, dry_run: bool = False, now: dt.datetime | None = None) -> list[TenantRun]:
    now = now or timezone.now()
    report = []
    for setting in RetentionSetting.objects.select_related("tenant", "archive_connector"):
        run = TenantRun(tenant=setting.tenant.slug)
        report.append(run)
        for case in due_cases(setting, now=now)[:BATCH]:
            run.due.append(case.number)
            if dry_run:
                continue
            with transaction.atomic():
                case_retention_mark(case=case, reason=REASON)
                if setting.archive_first:
                    _offer(case, setting)
                    run.offered += 1
        if setting.automatic_deletion:
            _delete_ready(setting, run, now=now, dry_run=dry_run)
    return report


def _marked_by_retention(tenant_id: int) -> Any:
    marked = CaseEvent.objects.filter(
        kind=EventKind.STATUS, action="zum_loeschen_markieren", actor_name="Aufbewahrungsfrist"
    ).values("case_id")
    return Case.objects.filter(
        tenant_id=tenant_id, status=CaseStatus.ZU_LOESCHEN, pk__in=marked
    ).order_by("status_since")


def _delete_ready(
    setting: RetentionSetting, run: TenantRun, *, now: dt.datetime, dry_run: bool
) -> None:
    for case in _marked_by_retention(setting.tenant_id)[:BATCH]:
        if not archive_done(case, setting, now=now):
            run.waiting.append(case.number)
            continue
        run.deleted.append(case.number)
        if not dry_run:
            case_retention_delete(case=case, reason=REASON)


def awaiting_confirmation(*, user: User) -> list[tuple[Case, bool]]:
    """For a Löschberechtigt user: cases marked by the retention run, with whether the archive
    step is done."""
    if not user.has_role(Role.LOESCHBERECHTIGT) or user.tenant_id is None:
        return []
    setting = RetentionSetting.objects.filter(tenant_id=user.tenant_id).first()
    now = timezone.now()
    cases = list(_marked_by_retention(user.tenant_id)[:BATCH])
    return [(c, setting is None or archive_done(c, setting, now=now)) for c in cases]


def confirm_deletion(*, user: User, cases: list[Case]) -> tuple[list[CaseTombstone], list[str]]:
    """Final deletion confirmed by a Löschberechtigt user (the tombstone names them)."""
    if not user.has_role(Role.LOESCHBERECHTIGT):
        raise ActionForbidden(gettext("Endgültig löschen dürfen Löschberechtigte."))
    ready = {c.pk: ok for c, ok in awaiting_confirmation(user=user)}
    done, problems = [], []
    for case in cases:
        if not ready.get(case.pk):
            problems.append(f"{case.number}: noch nicht vom Archiv übernommen oder nicht fällig")
            continue
        try:
            result = case_transition(case=case, actor=user, action="loeschen", reason=REASON)
        except CaseError as exc:
            problems.append(f"{case.number}: {exc.message}")
            continue
        assert isinstance(result, CaseTombstone)
        done.append(result)
    return done, problems


def reapply_deletions() -> dict[str, int]:
    """After restoring an older backup: delete again every case that has a deletion record
    (deleted after the backup was taken), with its files."""

    gone = CaseTombstone.objects.values("case_id")
    removed = 0
    for case in Case.objects.filter(pk__in=gone).iterator(chunk_size=200):
        names = list(CaseFile.objects.filter(case=case).values_list("storage_name", flat=True))
        with transaction.atomic():
            Case.objects.filter(pk=case.pk).delete()
            transaction.on_commit(partial(remove_stored, names))
        removed += 1
    logger.info("re-applied %s deletions", removed)
    return {"deleted_again": removed, "deletion_records": CaseTombstone.objects.count()}
