"""Reads of processing deadlines: what the case page shows of one, and the adherence per
service for the statistics (scoped to the user's tenant like every case read)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from openvorgang.accounts.models import User
from openvorgang.cases.models import Case
from openvorgang.cases.policy import Capability, may
from openvorgang.deadlines.checks import warn_days
from openvorgang.deadlines.models import CaseDeadline, DeadlinePause, DeadlineState
from openvorgang.directory.models import DeadlineStart, Service
from openvorgang.lib.deadlines import Duration, Unit


@dataclass(frozen=True)
class DeadlineView:
    """The case page's deadline panel."""

    deadline: CaseDeadline
    pauses: list[DeadlinePause]
    today: dt.date
    soon_days: int
    may_change: bool
    rule_text: str
    extension_text: str = ""
    open_pause: DeadlinePause | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def state(self) -> str:
        return self.deadline.state

    @property
    def days_left(self) -> int | None:
        due = self.deadline.due_on
        return None if due is None else (due - self.today).days

    @property
    def overdue(self) -> bool:
        due = self.deadline.due_on
        return self.deadline.state == DeadlineState.RUNNING and due is not None and self.today > due

    @property
    def due_soon(self) -> bool:
        left = self.days_left
        return (
            self.deadline.state == DeadlineState.RUNNING
            and left is not None
            and 0 <= left <= self.soon_days
        )

    @property
    def tone(self) -> str:
        if self.deadline.fiction_on or self.overdue:
            return "danger"
        if self.due_soon:
            return "warning"
        if self.deadline.state == DeadlineState.ENDED:
            return "success" if self.deadline.met else "danger"
        return "info"

    @property
    def headline(self) -> str:
        """The deadline in a few words (badge on the case page and in its header)."""
        d = self.deadline
        if d.fiction_on is not None and d.state != DeadlineState.ENDED:
            return gettext("Genehmigungsfiktion eingetreten am %(day)s") % {
                "day": _de(d.fiction_on)
            }
        if d.state == DeadlineState.WAITING:
            return gettext("beginnt, wenn die Unterlagen vollständig sind")
        if d.state == DeadlineState.PAUSED:
            since = self.open_pause.started_on if self.open_pause else None
            return gettext("gehemmt seit %(day)s") % {"day": _de(since)}
        if d.state == DeadlineState.ENDED:
            return gettext("eingehalten") if d.met else gettext("überschritten")
        left = self.days_left or 0
        if self.overdue:
            return ngettext("überfällig seit %(n)d Tag", "überfällig seit %(n)d Tagen", -left) % {
                "n": -left
            }
        if left == 0:
            return gettext("endet heute")
        return ngettext("noch %(n)d Tag", "noch %(n)d Tage", left) % {"n": left}

    @property
    def paused_days(self) -> int:
        return sum(((p.ended_on or self.today) - p.started_on).days for p in self.pauses)

    @property
    def can_extend(self) -> bool:
        d = self.deadline
        return (
            self.may_change
            and d.rule.extension_allowed
            and not d.extended
            and d.state in (DeadlineState.RUNNING, DeadlineState.PAUSED)
            and not self.overdue
        )


def _de(day: dt.date | None) -> str:
    return day.strftime("%d.%m.%Y") if day else "–"


def rule_text(deadline: CaseDeadline) -> str:
    rule = deadline.rule
    duration = Duration(rule.amount, Unit(rule.unit)).label()
    start = DeadlineStart(rule.starts).label
    text = f"{duration} {start}"
    if rule.legal_basis:
        text += f" ({rule.legal_basis})"
    return text


def deadline_view(*, user: User, case: Case) -> DeadlineView | None:
    """The deadline of a case the user sees (the caller checked that), or None."""
    deadline = CaseDeadline.objects.select_related("rule").filter(case=case).first()
    if deadline is None:
        return None
    deadline.case = case
    pauses = list(deadline.pauses.all())
    extension = ""
    if deadline.extension_amount:
        extension = Duration(deadline.extension_amount, Unit(deadline.extension_unit)).label()
    return DeadlineView(
        deadline=deadline,
        pauses=pauses,
        today=timezone.localdate(),
        soon_days=warn_days(deadline.tenant_id),
        may_change=may(user, case, Capability.DEADLINE) and deadline.state != DeadlineState.ENDED,
        rule_text=rule_text(deadline),
        extension_text=extension,
        open_pause=next((p for p in pauses if p.ended_on is None), None),
    )


def fiction_reached(*, case: Case) -> dt.date | None:
    """The day the Genehmigungsfiktion occurred for this case, if it did."""
    return (
        CaseDeadline.objects.filter(case=case, fiction_on__isnull=False)
        .values_list("fiction_on", flat=True)
        .first()
    )


def soon_days_for(*, user: User) -> int:
    return warn_days(user.tenant_id) if user.tenant_id is not None else 14


# --- statistics -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Adherence:
    service_key: str
    service_name: str
    ended: int
    in_time: int
    overdue_now: int

    @property
    def percent(self) -> int | None:
        return round(100 * self.in_time / self.ended) if self.ended else None


def adherence(*, user: User, since: dt.date, limit: int = 50) -> list[Adherence]:
    """Per service of the user's tenant: deadlines ended since ``since``, how many of them in
    time, and how many running ones are overdue now. Empty for users without a tenant (the
    Land operator sees no case data)."""
    if user.tenant_id is None:
        return []
    today = timezone.localdate()
    mine = CaseDeadline.objects.filter(tenant_id=user.tenant_id)
    ended = (
        mine.filter(state=DeadlineState.ENDED, ended_on__gte=since)
        .values("service_key")
        .annotate(
            ended=Count("pk"),
            in_time=Count("pk", filter=Q(due_on__isnull=True) | Q(ended_on__lte=F("due_on"))),
        )
        .order_by()
    )
    overdue = (
        mine.filter(state=DeadlineState.RUNNING, due_on__lt=today)
        .values("service_key")
        .annotate(n=Count("pk"))
        .order_by()
    )
    rows: dict[str, dict[str, Any]] = {}
    for row in ended:
        rows[row["service_key"]] = {"ended": row["ended"], "in_time": row["in_time"], "late": 0}
    for row in overdue:
        rows.setdefault(row["service_key"], {"ended": 0, "in_time": 0, "late": 0})["late"] = row[
            "n"
        ]
    names = dict(Service.objects.filter(leika_key__in=list(rows)).values_list("leika_key", "name"))
    result = [
        Adherence(
            service_key=key,
            service_name=names.get(key, key),
            ended=v["ended"],
            in_time=v["in_time"],
            overdue_now=v["late"],
        )
        for key, v in rows.items()
    ]
    result.sort(key=lambda a: (-(a.ended + a.overdue_now), a.service_name))
    return result[:limit]


def list_marks(case_ids: list[Any]) -> dict[Any, str]:
    """For a page of the list: the cases whose deadline stands or has not begun, or whose
    fiction occurred (one query), as case id → "gehemmt" / "wartet" / "fiktion"."""
    rows = CaseDeadline.objects.filter(case_id__in=case_ids).filter(
        Q(state__in=[DeadlineState.PAUSED, DeadlineState.WAITING])
        | Q(fiction_on__isnull=False, state=DeadlineState.RUNNING)
    )
    return {
        case_id: "fiktion" if fiction_on else state
        for case_id, state, fiction_on in rows.values_list("case_id", "state", "fiction_on")
    }
