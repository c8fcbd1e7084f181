"""Case numbers (Vorgangsnummern): per tenant prefix and year, gap-free within a committed
transaction, e.g. ``KI-2026-000123``.

Gap-free means the counter row stays locked from the allocation until the case's transaction
commits, so allocations for one prefix queue up there. Callers allocate as late as possible in
their transaction (see ``case_create``) and the allocation is one statement."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import connection
from django.utils import timezone

from openvorgang.cases.models import CaseNumberSequence
from openvorgang.tenants.models import Tenant

DEFAULT_FORMAT = "{prefix}-{year}-{seq:06d}"


def next_case_number(*, tenant: Tenant | None, on: dt.datetime) -> str:
    """Allocate the next number. Must run inside the transaction that creates the case, so a
    rolled-back case gives its number back."""
    if not connection.in_atomic_block:
        raise RuntimeError("next_case_number must run inside the case's transaction")
    if tenant is None:
        prefix, pattern = settings.OPENVORGANG_PLATFORM_CASE_PREFIX, DEFAULT_FORMAT
    else:
        prefix, pattern = tenant.case_number_prefix, tenant.case_number_format
    year = timezone.localtime(on).year  # the authority's year, not UTC's (1 January, 00:30)
    value = _increment(prefix, year)
    if value is None:  # the first number of this prefix and year
        CaseNumberSequence.objects.bulk_create(
            [CaseNumberSequence(prefix=prefix, year=year)], ignore_conflicts=True
        )
        value = _increment(prefix, year)
    assert value is not None
    return pattern.format(prefix=prefix, year=year, seq=value)


def _increment(prefix: str, year: int) -> int | None:
    """One round trip: the UPDATE takes the row lock and returns the new value (PostgreSQL
    and SQLite ≥ 3.35 both know ``RETURNING``)."""
    table = connection.ops.quote_name(CaseNumberSequence._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET last_value = last_value + 1"  # noqa: S608 - table name is ours # nosec B608
            " WHERE prefix = %s AND year = %s RETURNING last_value",
            [prefix, year],
        )
        row = cursor.fetchone()
    return int(row[0]) if row else None
