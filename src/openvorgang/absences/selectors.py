"""Who is away today and who covers for whom."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.utils import timezone

from openvorgang.absences.models import Absence
from openvorgang.accounts.models import User


def _today(on: dt.date | None) -> dt.date:
    return on or timezone.localdate()


def absent(user_ids: Iterable[int], *, on: dt.date | None = None) -> dict[int, Absence]:
    """The absences in force on ``on`` (today) of these people, by person (one query)."""
    day = _today(on)
    rows = Absence.objects.filter(
        user_id__in=list(user_ids), starts_on__lte=day, ends_on__gte=day
    ).select_related("substitute")
    return {a.user_id: a for a in rows}


def covered_by(substitute: User, *, on: dt.date | None = None) -> list[Absence]:
    """Whom ``substitute`` covers for on ``on`` (today), of their own tenant."""
    day = _today(on)
    return list(
        Absence.objects.filter(
            substitute=substitute,
            starts_on__lte=day,
            ends_on__gte=day,
            user__tenant_id=substitute.tenant_id or 0,
        )
        .select_related("user")
        .order_by("user__last_name")
    )


def substitutes_for(user_id: int, *, on: dt.date | None = None) -> list[User]:
    """Who covers for this person today (their notices and follow-ups reach them too)."""
    day = _today(on)
    return [
        a.substitute
        for a in Absence.objects.filter(
            user_id=user_id, starts_on__lte=day, ends_on__gte=day, substitute__is_active=True
        ).select_related("substitute")
    ]


def absences_of(*, users: Iterable[int]) -> list[Absence]:
    today = timezone.localdate()
    return list(
        Absence.objects.filter(user_id__in=list(users), ends_on__gte=today)
        .select_related("user", "substitute")
        .order_by("starts_on", "user__last_name")[:500]
    )
