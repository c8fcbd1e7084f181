"""Case numbers (Vorgangsnummern): per tenant prefix and year, gap-free within a committed
transaction, e.g. ``KI-2026-000123``."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.db.models import F

from openvorgang.cases.models import CaseNumberSequence
from openvorgang.tenants.models import Tenant

DEFAULT_FORMAT = "{prefix}-{year}-{seq:06d}"


def next_case_number(*, tenant: Tenant | None, on: dt.datetime) -> str:
    """Allocate the next number. Must run inside the transaction that creates the case, so a
    rolled-back case gives its number back."""
    if tenant is None:
        prefix, pattern = settings.OPENVORGANG_PLATFORM_CASE_PREFIX, DEFAULT_FORMAT
    else:
        prefix, pattern = tenant.case_number_prefix, tenant.case_number_format
    year = on.year
    with transaction.atomic():
        CaseNumberSequence.objects.get_or_create(prefix=prefix, year=year)
        # The UPDATE takes the row lock, so concurrent allocations queue up here.
        CaseNumberSequence.objects.filter(prefix=prefix, year=year).update(
            last_value=F("last_value") + 1
        )
        value = CaseNumberSequence.objects.get(prefix=prefix, year=year).last_value
    return pattern.format(prefix=prefix, year=year, seq=value)
