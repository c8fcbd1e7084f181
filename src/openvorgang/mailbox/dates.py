"""The date of deemed notification (Bekanntgabe) of a decision.

A written decision sent by post or electronically counts as notified on the n-th day after
dispatch (§ 41 Abs. 2 VwVfG and the Länder's equivalents: three days traditionally, four in
federal law since 2025 — the tenant sets n). Where that day is a Saturday, Sunday or public
holiday at the authority's seat, the courts move it to the next working day (BFH IX R 68/98,
BSG B 14 AS 45/15 R); tenants can switch that off."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import TYPE_CHECKING

import holidays

from openvorgang.tenants.models import Tenant

if TYPE_CHECKING:
    from openvorgang.mailbox.models import DispatchSetting

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


@lru_cache(maxsize=64)
def _holidays(region: str, year: int) -> frozenset[dt.date]:
    return frozenset(holidays.country_holidays("DE", subdiv=region or None, years=year))


def is_working_day(day: dt.date, *, region: str) -> bool:
    return day.weekday() < 5 and day not in _holidays(region, day.year)


def bekanntgabe_date(
    dispatched: dt.date, *, days: int = 3, region: str = "", next_working_day: bool = True
) -> dt.date:
    """The day the decision counts as notified: ``days`` after dispatch, moved to the next
    working day of ``region`` (a Land code such as SH) if it falls on a weekend or holiday."""
    day = dispatched + dt.timedelta(days=days)
    while next_working_day and not is_working_day(day, region=region):
        day += dt.timedelta(days=1)
    return day


def region_of(tenant: Tenant | None, setting: DispatchSetting | None = None) -> str:
    """The tenant's Land for holidays: its own setting, else from its regional key."""
    if setting is not None and setting.holiday_region:
        return setting.holiday_region
    return LAENDER.get((tenant.ars if tenant is not None else "")[:2], "")


def bekanntgabe_for(tenant: Tenant | None, dispatched: dt.date) -> dt.date:
    from openvorgang.mailbox.selectors import dispatch_setting

    setting = dispatch_setting(tenant_id=tenant.pk if tenant is not None else None)
    return bekanntgabe_date(
        dispatched,
        days=setting.bekanntgabe_days if setting else 3,
        region=region_of(tenant, setting),
        next_working_day=setting.bekanntgabe_next_working_day if setting else True,
    )
