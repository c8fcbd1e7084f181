"""The arithmetic on a stored deadline: its start day, pauses and extension through
``openvorgang.lib.deadlines``, and what the list shows of it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from openvorgang.deadlines.models import CaseDeadline, DeadlineState
from openvorgang.directory.models import DeadlineStart
from openvorgang.lib import deadlines as arithmetic


def start_day(deadline: CaseDeadline) -> dt.date | None:
    if deadline.rule.starts == DeadlineStart.COMPLETE:
        return deadline.complete_on
    return deadline.received_on


def _pauses(deadline: CaseDeadline, *, closing_on: dt.date | None = None) -> list[Any]:
    return [
        arithmetic.Pause(start=p.started_on, end=p.ended_on or closing_on)
        for p in deadline.pauses.all()
    ]


def computed(deadline: CaseDeadline, *, closing_on: dt.date | None = None) -> arithmetic.Deadline:
    """The deadline as the law counts it now (``closing_on``: an open pause taken as ending
    that day). Not started yet (waiting for completeness): no due date."""
    start = start_day(deadline)
    if start is None:
        return arithmetic.Deadline(due=None, paused=False, paused_days=0, extended=False)
    extension = None
    if deadline.extension_amount:
        extension = arithmetic.Duration(
            deadline.extension_amount, arithmetic.Unit(deadline.extension_unit)
        )
    return arithmetic.compute(
        start=start,
        duration=arithmetic.Duration(deadline.rule.amount, arithmetic.Unit(deadline.rule.unit)),
        region=deadline.region,
        pauses=_pauses(deadline, closing_on=closing_on),
        extension=extension,
    )


def refresh(deadline: CaseDeadline) -> None:
    """Set state and due date from the stored facts (not for an ended deadline)."""
    result = computed(deadline)
    if start_day(deadline) is None:
        deadline.state = DeadlineState.WAITING
    elif result.paused:
        deadline.state = DeadlineState.PAUSED
    else:
        deadline.state = DeadlineState.RUNNING
    deadline.due_on = result.due


def list_due(deadline: CaseDeadline) -> dt.date | None:
    """What ``Case.due_on`` shows: the last day of a running deadline."""
    return deadline.due_on if deadline.state == DeadlineState.RUNNING else None
