"""Deadline arithmetic (§ 31 VwVfG, §§ 187–193 BGB) with the Länder's holidays, pauses
(Hemmung) and one extension."""

from __future__ import annotations

import datetime as dt

import pytest

from openvorgang.lib.deadlines import Duration, Pause, Unit, add, compute

D = dt.date
DAYS, WEEKS, MONTHS = Unit.DAYS, Unit.WEEKS, Unit.MONTHS


def _due(start, amount, unit, region="SH", **extra):
    return compute(start=start, duration=Duration(amount, unit), region=region, **extra).due


def test_the_starting_day_is_not_counted():
    assert _due(D(2026, 3, 2), 10, DAYS) == D(2026, 3, 12)  # Monday + 10 → Thursday


def test_months_end_on_the_day_with_the_same_number():
    assert _due(D(2026, 1, 15), 3, MONTHS) == D(2026, 4, 15)


def test_a_month_too_short_ends_on_its_last_day():
    assert add(D(2028, 1, 31), Duration(1, MONTHS)) == D(2028, 2, 29)  # leap year
    assert add(D(2026, 1, 31), Duration(1, MONTHS)) == D(2026, 2, 28)
    assert add(D(2026, 8, 31), Duration(6, MONTHS)) == D(2027, 2, 28)  # across the year


def test_a_last_day_on_a_weekend_moves_to_monday():
    # one month from 31 January 2026: Saturday 28 February → Monday 2 March
    assert _due(D(2026, 1, 31), 1, MONTHS) == D(2026, 3, 2)


def test_weeks_end_on_the_same_weekday_and_holidays_are_the_lands():
    # two weeks from Thursday 21 May 2026: Thursday 4 June, Fronleichnam in Bavaria only
    assert _due(D(2026, 5, 21), 2, WEEKS, region="SH") == D(2026, 6, 4)
    assert _due(D(2026, 5, 21), 2, WEEKS, region="BY") == D(2026, 6, 5)


def test_reformation_day_counts_in_schleswig_holstein_not_in_bavaria():
    # 10 days from 21 October 2025: Friday 31 October
    assert _due(D(2025, 10, 21), 10, DAYS, region="SH") == D(2025, 11, 3)
    assert _due(D(2025, 10, 21), 10, DAYS, region="BY") == D(2025, 10, 31)


def test_easter_moves_past_friday_and_monday():
    # Good Friday 3 April 2026 → Easter Monday 6 April is a holiday too → Tuesday
    assert _due(D(2026, 3, 24), 10, DAYS) == D(2026, 4, 7)


def test_a_pause_moves_the_end_by_its_days():
    pauses = [Pause(D(2026, 3, 10), D(2026, 3, 20))]  # 10 days waiting for the applicant
    deadline = compute(
        start=D(2026, 3, 2), duration=Duration(1, MONTHS), region="SH", pauses=pauses
    )
    # 2 April + 10 days = Sunday 12 April → Monday 13 April
    assert deadline.due == D(2026, 4, 13)
    assert deadline.paused_days == 10
    assert not deadline.paused


def test_several_pauses_add_up_and_an_open_one_stops_the_clock():
    closed = [Pause(D(2026, 3, 10), D(2026, 3, 12)), Pause(D(2026, 3, 12), D(2026, 3, 15))]
    assert _due(D(2026, 3, 2), 1, MONTHS, pauses=closed) == D(2026, 4, 7)  # 2 April + 5
    waiting = compute(
        start=D(2026, 3, 2),
        duration=Duration(1, MONTHS),
        region="SH",
        pauses=[*closed, Pause(D(2026, 3, 20))],
    )
    assert waiting.paused
    assert waiting.due is None
    assert waiting.days_left(D(2026, 3, 25)) is None
    assert not waiting.overdue(D(2030, 1, 1))
    assert waiting.paused_days == 5


def test_overlapping_pauses_are_refused():
    with pytest.raises(ValueError, match="overlap"):
        compute(
            start=D(2026, 3, 2),
            duration=Duration(1, MONTHS),
            region="SH",
            pauses=[Pause(D(2026, 3, 10), D(2026, 3, 20)), Pause(D(2026, 3, 15), D(2026, 3, 25))],
        )


def test_the_extension_counts_from_the_end_before_the_weekend_rule():
    # 1 month from 31 January: 28 February (Saturday); extended by a month from there:
    # 28 March (Saturday) → Monday 30 March, not from the shifted 2 March
    deadline = compute(
        start=D(2026, 1, 31),
        duration=Duration(1, MONTHS),
        region="SH",
        extension=Duration(1, MONTHS),
    )
    assert deadline.due == D(2026, 3, 30)
    assert deadline.extended


def test_the_genehmigungsfiktion_deadline_three_months_from_completeness():
    deadline = compute(start=D(2026, 9, 30), duration=Duration(3, MONTHS), region="SH")
    assert deadline.due == D(2026, 12, 30)
    assert deadline.days_left(D(2026, 12, 20)) == 10
    assert deadline.overdue(D(2026, 12, 31))
    assert not deadline.overdue(D(2026, 12, 30))


def test_durations_are_bounded_and_labelled():
    with pytest.raises(ValueError, match="between 1 and 3660"):
        Duration(0, DAYS)
    assert Duration(1, MONTHS).label() == "1 Monat"
    assert Duration(3, WEEKS).label() == "3 Wochen"


# One holiday of each Land that the neighbours do not have (or not on a weekday that year),
# and a Land without it: a deadline ending that day moves in the first, not in the second.
LAND_HOLIDAYS = [
    ("SH", D(2025, 10, 31), "BY"),  # Reformationstag
    ("HH", D(2025, 10, 31), "BW"),
    ("NI", D(2025, 10, 31), "NW"),
    ("HB", D(2025, 10, 31), "HE"),
    ("BB", D(2025, 10, 31), "RP"),
    ("MV", D(2025, 10, 31), "SL"),
    ("SN", D(2026, 11, 18), "SH"),  # Buß- und Bettag
    ("ST", D(2027, 1, 6), "SH"),  # Heilige Drei Könige
    ("TH", D(2027, 9, 20), "SH"),  # Weltkindertag
    ("BE", D(2027, 3, 8), "SH"),  # Internationaler Frauentag
    ("BW", D(2027, 11, 1), "SH"),  # Allerheiligen
    ("BY", D(2027, 11, 1), "HH"),
    ("NW", D(2027, 11, 1), "NI"),
    ("RP", D(2027, 11, 1), "HB"),
    ("SL", D(2027, 11, 1), "BB"),
    ("HE", D(2026, 6, 4), "SH"),  # Fronleichnam
]


@pytest.mark.parametrize(("land", "holiday", "other"), LAND_HOLIDAYS)
def test_each_lands_own_holiday_moves_the_end(land, holiday, other):
    start = holiday - dt.timedelta(days=10)
    assert _due(start, 10, DAYS, region=other) == holiday
    moved = _due(start, 10, DAYS, region=land)
    assert moved > holiday
    assert moved.weekday() < 5


def test_every_land_is_covered():
    from openvorgang.lib.workdays import LAENDER

    assert {land for land, _, _ in LAND_HOLIDAYS} == set(LAENDER.values())
