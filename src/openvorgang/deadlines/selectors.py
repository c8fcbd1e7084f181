"""Reads of processing deadlines: what the case page and the list show of them (the
adherence per service is a statistic: ``openvorgang.stats.selectors``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from openvorgang.accounts.models import User
from openvorgang.cases.models import Case
from openvorgang.cases.policy import Capability, may
from openvorgang.deadlines.checks import warn_days
from openvorgang.deadlines.models import CaseDeadline, DeadlinePause, DeadlineState
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
    text = rule.label
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
