"""Reads of a user's notices: only those of cases the user can still see (a case forwarded
elsewhere or deleted takes its notices out of sight), newest first, a page at a time."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from openvorgang.accounts.models import User
from openvorgang.cases.selectors import cases_visible_to
from openvorgang.notify.models import Notice

PAGE = 50
UNREAD_CAP = 99


@dataclass(frozen=True)
class NoticePage:
    notices: list[Notice]
    # The id to continue below for older notices, None on the last page.
    older: int | None


def _visible(user: User) -> QuerySet[Notice]:
    return Notice.objects.filter(user=user, case__in=cases_visible_to(user).values("pk"))


def notices_page(*, user: User, before: int | None = None, size: int = PAGE) -> NoticePage:
    """Keyset by id (notices are written in time order): the cost of a page does not grow
    with the number of older notices."""
    rows = _visible(user).select_related("case").order_by("-id")
    if before is not None:
        rows = rows.filter(pk__lt=before)
    found = list(rows[: size + 1])
    return NoticePage(notices=found[:size], older=found[size - 1].pk if len(found) > size else None)


def unread_count(*, user: User, cap: int = UNREAD_CAP) -> int:
    """Capped: the badge says "99+" rather than counting thousands on every page."""
    return _visible(user).filter(read_at__isnull=True).values("pk")[: cap + 1].count()
