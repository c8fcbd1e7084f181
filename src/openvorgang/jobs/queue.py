"""Claiming, finishing and retrying leased rows (jobs and outbox deliveries alike).

A claim is a compare-and-swap update on the row's ``attempts``: of two workers that picked the
same row, exactly one wins, on PostgreSQL and SQLite. On PostgreSQL the candidate is also read
with ``SELECT … FOR UPDATE SKIP LOCKED`` so concurrent workers do not even contend."""

from __future__ import annotations

import datetime as dt
from typing import TypeVar

from django.db import connection, transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from openvorgang.jobs.models import Leased, WorkState

L = TypeVar("L", bound=Leased)

DEFAULT_LEASE = dt.timedelta(minutes=5)
MAX_BACKOFF = dt.timedelta(hours=6)


def backoff(attempts: int) -> dt.timedelta:
    """Wait before the next attempt: 30 s, 1 min, 2 min, 4 min … capped at six hours."""
    return min(dt.timedelta(seconds=30 * 2 ** max(attempts - 1, 0)), MAX_BACKOFF)


def due(queryset: QuerySet[L], *, now: dt.datetime) -> QuerySet[L]:
    """Rows that may be claimed now: queued and due, or running with an expired lease (their
    worker died or hangs)."""
    return queryset.filter(
        Q(state=WorkState.QUEUED, run_after__lte=now)
        | Q(state=WorkState.RUNNING, lease_until__lt=now)
    )


def claim(queryset: QuerySet[L], *, worker: str, lease: dt.timedelta = DEFAULT_LEASE) -> L | None:
    """Claim the oldest due row of ``queryset`` for ``worker``, or None if nothing is due."""
    model = queryset.model
    for _ in range(5):  # lost races are retried with the next candidate
        now = timezone.now()
        with transaction.atomic():
            candidates = due(queryset, now=now).order_by("run_after", "pk")
            if connection.features.has_select_for_update_skip_locked:
                candidates = candidates.select_for_update(skip_locked=True)
            row = candidates.first()
            if row is None:
                return None
            if row.attempts >= row.max_attempts:
                # Its last worker died on the last attempt: give up visibly.
                _finish(row, state=WorkState.FAILED, error=row.last_error or "Worker abgebrochen")
                continue
            won = model._default_manager.filter(
                pk=row.pk, attempts=row.attempts, state=row.state
            ).update(
                state=WorkState.RUNNING,
                attempts=F("attempts") + 1,
                lease_until=now + lease,
                worker=worker[:100],
            )
        if won:
            row.refresh_from_db()
            return row
    return None


def extend_lease(row: Leased, *, lease: dt.timedelta = DEFAULT_LEASE) -> None:
    type(row)._default_manager.filter(pk=row.pk, worker=row.worker).update(
        lease_until=timezone.now() + lease
    )


def succeed(row: Leased) -> None:
    _finish(row, state=WorkState.DONE, error="")


def fail(row: Leased, *, error: str, permanent: bool = False) -> bool:
    """Record a failed attempt: queue it again after a back-off, or give up after the last
    attempt (or at once when retrying cannot help). True when it gave up."""
    if permanent or row.attempts >= row.max_attempts:
        _finish(row, state=WorkState.FAILED, error=error)
        return True
    type(row)._default_manager.filter(pk=row.pk).update(
        state=WorkState.QUEUED,
        run_after=timezone.now() + backoff(row.attempts),
        lease_until=None,
        last_error=error[:4000],
    )
    return False


def retry(row: Leased) -> None:
    """Queue a failed row again now, with a fresh set of attempts (operator action)."""
    type(row)._default_manager.filter(pk=row.pk).update(
        state=WorkState.QUEUED,
        run_after=timezone.now(),
        attempts=0,
        lease_until=None,
        finished_at=None,
    )


def _finish(row: Leased, *, state: str, error: str) -> None:
    type(row)._default_manager.filter(pk=row.pk).update(
        state=state, lease_until=None, finished_at=timezone.now(), last_error=error[:4000]
    )
