"""The date of deemed notification (Bekanntgabe) of a decision.

A written decision sent by post or electronically counts as notified on the n-th day after
dispatch (§ 41 Abs. 2 VwVfG and the Länder's equivalents: three days traditionally, four in
federal law since 2025 — the tenant sets n). Where that day is a Saturday, Sunday or public
holiday at the authority's seat, the courts move it to the next working day (BFH IX R 68/98,
BSG B 14 AS 45/15 R); tenants can switch that off."""

from __future__ import annotations

import datetime as dt

from openvorgang.lib.workdays import land_of, next_working_day
from openvorgang.mailbox.models import DispatchSetting
from openvorgang.mailbox.selectors import dispatch_setting
from openvorgang.tenants.models import Tenant


def bekanntgabe_date(
    dispatched: dt.date, *, days: int = 3, region: str = "", moved_to_working_day: bool = True
) -> dt.date:
    """The day the decision counts as notified: ``days`` after dispatch, moved to the next
    working day of ``region`` (a Land code such as SH) if it falls on a weekend or holiday."""
    day = dispatched + dt.timedelta(days=days)
    return next_working_day(day, region=region) if moved_to_working_day else day


def region_of(tenant: Tenant | None, setting: DispatchSetting | None = None) -> str:
    """The tenant's Land for holidays: its own setting, else from its regional key."""
    if setting is not None and setting.holiday_region:
        return setting.holiday_region
    return land_of(tenant.ars if tenant is not None else "")


def bekanntgabe_for(tenant: Tenant | None, dispatched: dt.date) -> dt.date:
    setting = dispatch_setting(tenant_id=tenant.pk if tenant is not None else None)
    return bekanntgabe_date(
        dispatched,
        days=setting.bekanntgabe_days if setting else 3,
        region=region_of(tenant, setting),
        moved_to_working_day=setting.bekanntgabe_next_working_day if setting else True,
    )
