"""The daily deadline check: warn before a deadline ends (the tenant's ``warn_days``, once per
due date) and mark the Genehmigungsfiktion where a deadline with one has passed without a
decision. Overdue is not stored: it is ``due_on`` before today, shown where deadlines are."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from openvorgang.cases.log import case_log
from openvorgang.cases.models import Case, EventKind
from openvorgang.deadlines.models import CaseDeadline, DeadlineSetting, DeadlineState
from openvorgang.notify.services import deadline_warn

BATCH = 500
DEFAULT_WARN_DAYS = 14
CHECKER = "OpenVorgang (Fristenkontrolle)"


@dataclass
class CheckResult:
    warned: int = 0
    fictions: int = 0


def warn_days(tenant_id: int) -> int:
    setting = DeadlineSetting.objects.filter(tenant_id=tenant_id).first()
    return setting.warn_days if setting is not None else DEFAULT_WARN_DAYS


def deadline_check(*, today: dt.date | None = None) -> CheckResult:
    today = today or timezone.localdate()
    result = CheckResult()
    result.fictions = _fictions(today)
    result.warned = _warnings(today)
    return result


def _fictions(today: dt.date) -> int:
    """Running deadlines with a Genehmigungsfiktion whose last day has passed: the permit
    counts as granted from the day after it (§ 42a (1) VwVfG)."""
    marked = 0
    rows = (
        CaseDeadline.objects.filter(
            state=DeadlineState.RUNNING,
            due_on__lt=today,
            rule__fiction=True,
            fiction_on__isnull=True,
        )
        .select_related("case", "rule")
        .order_by("due_on")
    )
    for deadline in rows[:BATCH]:
        assert deadline.due_on is not None
        fiction_on = deadline.due_on + dt.timedelta(days=1)
        with transaction.atomic():
            taken = CaseDeadline.objects.filter(pk=deadline.pk, fiction_on__isnull=True).update(
                fiction_on=fiction_on
            )
            if not taken:  # another worker marked it meanwhile
                continue
            # an entry beside the case's changes: nobody working on it gets a conflict
            case_log(
                case=deadline.case,
                kind=EventKind.DEADLINE,
                action="fiktion",
                actor_name=CHECKER,
                after={"fiction_on": fiction_on.isoformat()},
            )
        marked += 1
    return marked


def _warnings(today: dt.date) -> int:
    longest = max([DEFAULT_WARN_DAYS, *DeadlineSetting.objects.values_list("warn_days", flat=True)])
    rows = (
        CaseDeadline.objects.filter(
            state=DeadlineState.RUNNING,
            due_on__gte=today,
            due_on__lte=today + dt.timedelta(days=longest),
        )
        .select_related("case", "case__assignee", "case__org_unit", "rule")
        .order_by("due_on")
    )
    days_by_tenant: dict[int, int] = {}
    warned = 0
    for deadline in rows[: BATCH * 4]:
        if deadline.warned_for == deadline.due_on:
            continue
        assert deadline.due_on is not None
        days = days_by_tenant.setdefault(deadline.tenant_id, warn_days(deadline.tenant_id))
        if (deadline.due_on - today).days > days:
            continue
        with transaction.atomic():
            case: Case = deadline.case
            deadline_warn(case=case, lines=_lines(deadline, today))
            CaseDeadline.objects.filter(pk=deadline.pk).update(warned_for=deadline.due_on)
        warned += 1
    return warned


def _lines(deadline: CaseDeadline, today: dt.date) -> list[str]:
    assert deadline.due_on is not None
    left = (deadline.due_on - today).days
    line = gettext(
        "Die Bearbeitungsfrist des Vorgangs %(number)s endet am %(due)s (in %(left)d Tagen)."
    ) % {"number": deadline.case.number, "due": deadline.due_on.strftime("%d.%m.%Y"), "left": left}
    lines = [line]
    if deadline.rule.fiction:
        lines.append(
            gettext(
                "Ohne Entscheidung bis dahin gilt die Genehmigung als erteilt "
                "(Genehmigungsfiktion)."
            )
        )
    return lines
