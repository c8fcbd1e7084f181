"""Retention and final deletion: the case goes, a tombstone stays."""

from __future__ import annotations

import datetime as dt
import logging

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from openvorgang.accounts.models import User
from openvorgang.cases import workflow
from openvorgang.cases.errors import (
    ActionNotAllowed,
    CaseConflict,
)
from openvorgang.cases.models import (
    Case,
    CaseEvent,
    CaseFile,
    CaseStatus,
    CaseTombstone,
    EventKind,
)
from openvorgang.cases.services.core import write_change
from openvorgang.cases.services.files import remove_stored

logger = logging.getLogger(__name__)


def _closed_at(case: Case) -> dt.datetime | None:
    """When the case was last closed (ABGESCHLOSSEN or VERWORFEN), from its history."""
    if case.status in workflow.ENDED:
        return case.status_since
    marked = CaseEvent.objects.filter(case=case, after__has_key="closed_at").order_by("-id").first()
    if marked is not None:
        return dt.datetime.fromisoformat(marked.after["closed_at"])
    event = (
        CaseEvent.objects.filter(case=case, after__status__in=list(workflow.ENDED))
        .order_by("-id")
        .first()
    )
    return event.at if event else None


def case_retention_mark(*, case: Case, reason: str) -> CaseEvent:
    """The retention period of a closed case ended: ZU_LOESCHEN, by the system."""
    if case.status not in workflow.ENDED:
        raise ActionNotAllowed(gettext("Nur abgeschlossene oder verworfene Vorgänge laufen ab."))
    return write_change(
        case,
        actor=None,
        actor_name="Aufbewahrungsfrist",
        changes={
            "status": CaseStatus.ZU_LOESCHEN,
            "status_before_deletion_mark": case.status,
            "status_since": timezone.now(),
        },
        kind=EventKind.STATUS,
        action="zum_loeschen_markieren",
        before={"status": case.status},
        after={"status": CaseStatus.ZU_LOESCHEN, "closed_at": case.status_since.isoformat()},
        reason=reason,
    )


def case_retention_delete(*, case: Case, reason: str) -> CaseTombstone:
    """Automatic final deletion after the retention period (tenants that chose it)."""
    if case.status != CaseStatus.ZU_LOESCHEN:
        raise ActionNotAllowed(gettext("Nur Vorgänge „Zu löschen“ werden gelöscht."))
    return delete_finally(case, actor=None, reason=reason, actor_name="Aufbewahrungsfrist")


def delete_finally(
    case: Case, *, actor: User | None, reason: str, actor_name: str = ""
) -> CaseTombstone:
    version = case.version
    with transaction.atomic():
        # The conditional update locks the row and proves nobody changed the case meanwhile.
        if Case.objects.filter(pk=case.pk, version=version).update(version=version + 1) != 1:
            raise CaseConflict()
        names = list(CaseFile.objects.filter(case=case).values_list("storage_name", flat=True))
        tombstone = CaseTombstone.objects.create(
            case_id=case.pk,
            number=case.number,
            tenant_id=case.tenant_id,
            service_key=case.service_key,
            received_at=case.received_at,
            deleted_at=timezone.now(),
            deleted_by=actor,
            deleted_by_name=actor_name or (actor.display_name if actor else "OpenVorgang"),
            closed_at=_closed_at(case),
            reason=reason,
        )
        Case.objects.filter(pk=case.pk).delete()
        transaction.on_commit(lambda: remove_stored(names))
    logger.info("case %s finally deleted", case.number)
    return tombstone
