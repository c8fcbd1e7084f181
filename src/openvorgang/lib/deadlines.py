"""Deadline arithmetic as German administrative law counts it (§ 31 VwVfG with §§ 187–193 BGB;
the Länder's procedure acts say the same), for the processing deadlines of cases.

* The day of the event that starts a deadline (receipt, completeness) is not counted
  (§ 187 (1) BGB): a deadline of 10 days from Monday the 1st ends on Thursday the 11th.
* A deadline in weeks or months ends on the day of the last week or month that has the same
  weekday or number as the starting day (§ 188 (2) BGB); where that month is too short, on its
  last day (§ 188 (3) BGB): one month from 31 January ends on 28 (29) February.
* If the last day is a Saturday, Sunday or public holiday of the Land, the deadline ends on the
  next working day (§ 31 (3) VwVfG).
* While the authority waits for the applicant (Hemmung), the clock stands: each pause moves
  the end by the days it lasted (the day the clock stops up to the day before it runs again;
  § 209 BGB by analogy). While a pause is open there is no end.
* One extension (§ 42a (2) sentence 3 VwVfG for the Genehmigungsfiktion) is counted from the
  end of the deadline before it (§ 190 BGB), that is from its last day before the weekend
  rule; the rule applies to the new end only.

Pure functions on dates, no database: cases keep the rule they started with, so a rule change
never moves a running deadline (the caller stores the rule with the case)."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from itertools import pairwise

from openvorgang.lib.workdays import next_working_day


class Unit(StrEnum):
    DAYS = "tage"
    WEEKS = "wochen"
    MONTHS = "monate"


@dataclass(frozen=True)
class Duration:
    amount: int
    unit: Unit

    def __post_init__(self) -> None:
        if self.amount < 1 or self.amount > 3660:
            raise ValueError("a deadline lasts between 1 and 3660 units")

    def label(self) -> str:
        names = {
            Unit.DAYS: ("Tag", "Tage"),
            Unit.WEEKS: ("Woche", "Wochen"),
            Unit.MONTHS: ("Monat", "Monate"),
        }
        one, many = names[self.unit]
        return f"{self.amount} {one if self.amount == 1 else many}"


@dataclass(frozen=True)
class Pause:
    """The clock stood from ``start`` (the day it stopped) until ``end`` (the day it ran
    again); ``end`` is None while the authority still waits."""

    start: dt.date
    end: dt.date | None = None

    def days(self) -> int:
        if self.end is None:
            raise ValueError("an open pause has no length yet")
        return max(0, (self.end - self.start).days)


def add(start: dt.date, duration: Duration) -> dt.date:
    """The last day of ``duration`` counted from the event on ``start`` (not counting that
    day), before the weekend and holiday rule."""
    if duration.unit == Unit.DAYS:
        return start + dt.timedelta(days=duration.amount)
    if duration.unit == Unit.WEEKS:
        return start + dt.timedelta(weeks=duration.amount)
    months = start.month - 1 + duration.amount
    year, month = start.year + months // 12, months % 12 + 1
    last = calendar.monthrange(year, month)[1]
    return dt.date(year, month, min(start.day, last))


@dataclass(frozen=True)
class Deadline:
    """What the case page and the lists show of a running deadline."""

    # the last day, after pauses, the extension and the weekend/holiday rule; None while paused
    due: dt.date | None
    paused: bool
    paused_days: int
    extended: bool

    def days_left(self, today: dt.date) -> int | None:
        return None if self.due is None else (self.due - today).days

    def overdue(self, today: dt.date) -> bool:
        return self.due is not None and today > self.due


def compute(
    *,
    start: dt.date,
    duration: Duration,
    region: str,
    pauses: Sequence[Pause] = (),
    extension: Duration | None = None,
) -> Deadline:
    """The deadline that started with the event on ``start`` (receipt or completeness), in
    the Land ``region`` (SH, BY …; nationwide holidays only if empty)."""
    end = add(start, duration)
    if extension is not None:
        end = add(end, extension)
    ordered = sorted(pauses, key=lambda p: p.start)
    for earlier, later in pairwise(ordered):
        if earlier.end is None or later.start < earlier.end:
            raise ValueError("pauses overlap")
    if ordered and ordered[-1].end is None:
        closed = sum(p.days() for p in ordered[:-1])
        return Deadline(due=None, paused=True, paused_days=closed, extended=extension is not None)
    paused_days = sum(p.days() for p in ordered)
    end += dt.timedelta(days=paused_days)
    return Deadline(
        due=next_working_day(end, region=region),
        paused=False,
        paused_days=paused_days,
        extended=extension is not None,
    )
