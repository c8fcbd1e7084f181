"""Working days in Germany: weekends and the public holidays of a Land."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import holidays

# First two digits of the regional key (ARS) → the Land's subdivision code.
LAENDER = {
    "01": "SH",
    "02": "HH",
    "03": "NI",
    "04": "HB",
    "05": "NW",
    "06": "HE",
    "07": "RP",
    "08": "BW",
    "09": "BY",
    "10": "SL",
    "11": "BE",
    "12": "BB",
    "13": "MV",
    "14": "SN",
    "15": "ST",
    "16": "TH",
}


def land_of(ars: str) -> str:
    """The Land code (SH, BY …) of a regional key, empty if it names none."""
    return LAENDER.get(ars[:2], "")


@lru_cache(maxsize=64)
def _holidays(region: str, year: int) -> frozenset[dt.date]:
    return frozenset(holidays.country_holidays("DE", subdiv=region or None, years=year))


def is_working_day(day: dt.date, *, region: str) -> bool:
    """Monday to Friday and not a public holiday of ``region`` (nationwide ones if empty)."""
    return day.weekday() < 5 and day not in _holidays(region, day.year)


def next_working_day(day: dt.date, *, region: str) -> dt.date:
    """``day`` itself if it is a working day, else the first working day after it."""
    while not is_working_day(day, region=region):
        day += dt.timedelta(days=1)
    return day
