"""The date of deemed notification: n days after dispatch, moved off weekends and the Land's
public holidays when the tenant says so."""

from __future__ import annotations

import datetime as dt

import pytest

from openvorgang.mailbox.dates import bekanntgabe_date, bekanntgabe_for
from openvorgang.mailbox.models import DispatchSetting

D = dt.date


@pytest.mark.parametrize(
    ("sent", "region", "expected"),
    [
        (D(2026, 11, 23), "SH", D(2026, 11, 26)),  # Monday → Thursday
        (D(2026, 11, 25), "SH", D(2026, 11, 30)),  # Wednesday → Saturday → Monday
        (D(2026, 11, 26), "SH", D(2026, 11, 30)),  # Thursday → Sunday → Monday
        (D(2026, 12, 22), "SH", D(2026, 12, 28)),  # → Fri 25th, Sat, Sun → Monday
        (D(2026, 4, 1), "SH", D(2026, 4, 7)),  # → Sat 4th, Sun, Easter Monday → Tuesday
        (D(2026, 10, 28), "SH", D(2026, 11, 2)),  # → Sat 31st (Reformation Day in SH)
        (D(2026, 10, 29), "SH", D(2026, 11, 2)),  # → Sun 1st → Monday
        (D(2026, 10, 30), "BY", D(2026, 11, 2)),  # → Mon 2nd (All Saints' is Sunday)
        (D(2025, 10, 28), "SH", D(2025, 11, 3)),  # → Fri 31st, Reformation Day in SH
        (D(2025, 10, 28), "BY", D(2025, 10, 31)),  # … but a working day in Bavaria
    ],
)
def test_three_days_moved_to_the_next_working_day(sent, region, expected):
    assert bekanntgabe_date(sent, days=3, region=region) == expected


def test_holiday_depends_on_the_land():
    # Reformation Day 2027 is a Sunday; All Saints' Day (1 Nov 2027, Monday) is a holiday in
    # Bavaria but not in Schleswig-Holstein.
    assert bekanntgabe_date(D(2027, 10, 29), days=3, region="SH") == D(2027, 11, 1)
    assert bekanntgabe_date(D(2027, 10, 29), days=3, region="BY") == D(2027, 11, 2)


def test_without_moving_the_plain_day_counts():
    assert bekanntgabe_date(D(2026, 11, 25), days=3, moved_to_working_day=False) == D(2026, 11, 28)


def test_tenant_setting_four_days_and_land_from_the_regional_key(world):
    world.tenant.ars = "091620000000"  # München: Bavaria
    world.tenant.save()
    assert bekanntgabe_for(world.tenant, D(2027, 10, 28)) == D(2027, 11, 2)  # Sun 31 → Mon 1 (BY)
    DispatchSetting.objects.create(tenant=world.tenant, bekanntgabe_days=4, holiday_region="SH")
    assert bekanntgabe_for(world.tenant, D(2027, 10, 28)) == D(2027, 11, 1)
