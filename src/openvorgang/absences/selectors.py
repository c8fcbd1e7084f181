"""Who is away today and who covers for whom."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import QuerySet
from django.utils import timezone

from openvorgang.absences.models import Absence
from openvorgang.accounts.models import User


def in_force(*, on: dt.date | None = None) -> QuerySet[Absence]:
    """The absences that include ``on`` (today): the one statement of "away that day"."""
    day = on or timezone.localdate()
    return Absence.objects.filter(starts_on__lte=day, ends_on__gte=day)


def absent(user_ids: Iterable[int], *, on: dt.date | None = None) -> dict[int, Absence]:
    """The absences in force on ``on`` (today) of these people, by person (one query)."""
    rows = in_force(on=on).filter(user_id__in=list(user_ids)).select_related("substitute")
    return {a.user_id: a for a in rows}


def covered_by(substitute: User, *, on: dt.date | None = None) -> list[Absence]:
    """Whom ``substitute`` covers for on ``on`` (today), of their own tenant."""
    return list(
        in_force(on=on)
        .filter(substitute=substitute, user__tenant_id=substitute.tenant_id or 0)
        .select_related("user")
        .order_by("user__last_name")
    )


def substitutes_for(user_id: int, *, on: dt.date | None = None) -> list[User]:
    """Who covers for this person today (their notices and follow-ups reach them too)."""
    return [
        a.substitute
        for a in in_force(on=on)
        .filter(user_id=user_id, substitute__is_active=True)
        .select_related("substitute")
    ]


def absences_of(*, users: Iterable[int]) -> list[Absence]:
    today = timezone.localdate()
    return list(
        Absence.objects.filter(user_id__in=list(users), ends_on__gte=today)
        .select_related("user", "substitute")
        .order_by("starts_on", "user__last_name")[:500]
    )
