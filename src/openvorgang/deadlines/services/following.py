"""Following the case: a deadline starts when a case with a service that has a rule reaches
its tenant (at intake, from the clearing inbox, or on forwarding: receipt at the competent
authority starts it again), and ends with the decision, the handover, the rejection or the
close. Called by the feed over the case history (``openvorgang.deadlines.feed``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from openvorgang.cases.models import Case, CaseEvent, CaseStatus, EventKind
from openvorgang.cases.workflow import DEADLINE_RUNS
from openvorgang.deadlines.models import CaseDeadline, DeadlineState, Outcome
from openvorgang.deadlines.services.core import computed, list_due, refresh, start_day
from openvorgang.directory.deadline_rules import rule_for
from openvorgang.directory.models import DeadlineRule
from openvorgang.mailbox.dates import region_of
from openvorgang.mailbox.selectors import dispatch_setting

OUTCOMES = {
    CaseStatus.BESCHIEDEN: Outcome.DECIDED,
    CaseStatus.WEITERGELEITET: Outcome.HANDED_OVER,
    CaseStatus.VERWORFEN: Outcome.REJECTED,
}


def _region(case: Case) -> str:
    return region_of(case.tenant, dispatch_setting(tenant_id=case.tenant_id))


def _start(case: Case, *, rule: DeadlineRule, received: dt.datetime) -> CaseDeadline:
    assert case.tenant_id is not None
    CaseDeadline.objects.filter(case=case).delete()  # a forwarded case starts again
    deadline = CaseDeadline(
        case=case,
        tenant_id=case.tenant_id,
        service_key=case.service_key,
        rule=rule,
        region=_region(case),
        received_on=timezone.localdate(received),
        started_at=timezone.now(),
    )
    refresh(deadline)
    deadline.save()
    return deadline


def _end(deadline: CaseDeadline, *, status: str, on: dt.date) -> None:
    open_pause = deadline.pauses.filter(ended_on__isnull=True).first()
    if open_pause is not None:
        open_pause.ended_on = max(on, open_pause.started_on)
        open_pause.ended_by_name = "OpenVorgang"
        open_pause.save(update_fields=["ended_on", "ended_by_name"])
    if start_day(deadline) is not None:
        deadline.due_on = computed(deadline).due
    deadline.state = DeadlineState.ENDED
    deadline.ended_on = on
    deadline.outcome = OUTCOMES.get(CaseStatus(status), Outcome.CLOSED)
    deadline.save()


def _left(case: Case) -> tuple[dt.datetime, str]:
    """When and into which status the case last left the states a deadline runs in (the
    step that ended it), from its history; its present status as a fallback."""
    steps = (
        CaseEvent.objects.filter(case=case, kind__in=[EventKind.STATUS, EventKind.DECISION])
        .order_by("-id")
        .only("at", "before", "after")
    )
    for event in steps[:50]:
        before, after = (event.before or {}).get("status"), (event.after or {}).get("status")
        if after and after not in DEADLINE_RUNS and before in DEADLINE_RUNS:
            return event.at, str(after)
    return case.status_since, case.status


def deadline_sync(*, case_id: Any, forwarded_at: dt.datetime | None = None) -> CaseDeadline | None:
    """Bring the case's deadline in line with the case as it is now (idempotent).
    ``forwarded_at``: when the case reached its present tenant by forwarding (the receipt
    at the competent authority that a new deadline counts from)."""
    with transaction.atomic():
        case = Case.objects.select_related("tenant").filter(pk=case_id).first()
        if case is None:
            return None
        deadline = (
            CaseDeadline.objects.select_for_update()
            .select_related("rule")
            .filter(case=case)
            .first()
        )
        runs = case.status in DEADLINE_RUNS and case.tenant_id is not None
        if runs and (deadline is None or deadline.tenant_id != case.tenant_id):
            received = forwarded_at or case.received_at
            rule = rule_for(service_key=case.service_key, tenant_id=case.tenant_id, at=received)
            if rule is None:
                if deadline is not None:
                    deadline.delete()
                deadline = None
            else:
                deadline = _start(case, rule=rule, received=received)
        elif runs and deadline is not None and deadline.outcome == Outcome.REJECTED:
            # a rejection taken back: the clock runs on
            deadline.ended_on, deadline.outcome = None, ""
            refresh(deadline)
            deadline.save()
        elif not runs and deadline is not None and deadline.state != DeadlineState.ENDED:
            at, status = _left(case)
            _end(deadline, status=status, on=timezone.localdate(at))
        elif not runs and deadline is None and case.tenant_id is not None:
            # decided (or rejected …) before the feed came by: the deadline it had, ended
            rule = rule_for(
                service_key=case.service_key, tenant_id=case.tenant_id, at=case.received_at
            )
            if rule is not None:
                at, status = _left(case)
                deadline = _start(case, rule=rule, received=case.received_at)
                _end(deadline, status=status, on=timezone.localdate(at))
        due = list_due(deadline) if deadline is not None and runs else None
        if case.due_on != due:
            Case.objects.filter(pk=case.pk).update(due_on=due)
    return deadline
