"""Claiming, finishing and retrying leased rows (jobs and outbox deliveries alike).

A claim is a compare-and-swap update on the row's ``attempts``: of two workers that picked the
same row, exactly one wins, on PostgreSQL and SQLite. On PostgreSQL the candidate is also read
with ``SELECT … FOR UPDATE SKIP LOCKED`` so concurrent workers do not even contend.

While a handler runs, a heartbeat thread (``kept``) extends the lease, so a long export or a
slow peer is not claimed by a second worker; the claim (worker and attempt number) is the
owner's token: finishing, failing and extending change the row only while this worker still
owns that attempt, so a worker that lost its lease never overwrites its successor's work."""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TypeVar

from django.conf import settings
from django.db import DatabaseError, connection, connections, transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from openvorgang.jobs.models import Leased, WorkState

L = TypeVar("L", bound=Leased)
logger = logging.getLogger(__name__)

DEFAULT_LEASE = dt.timedelta(minutes=5)


def lease_length() -> dt.timedelta:
    """How long a claim holds without a heartbeat (``OPENVORGANG_JOB_LEASE_SECONDS``, by
    default ``DEFAULT_LEASE``)."""
    return dt.timedelta(seconds=settings.OPENVORGANG_JOB_LEASE_SECONDS)


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


def claim(queryset: QuerySet[L], *, worker: str, lease: dt.timedelta | None = None) -> L | None:
    """Claim the oldest due row of ``queryset`` for ``worker``, or None if nothing is due."""
    lease = lease or lease_length()
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
                _unchanged(row).update(
                    state=WorkState.FAILED,
                    lease_until=None,
                    finished_at=now,
                    last_error=row.last_error or "Worker abgebrochen",
                )
                continue
            won = _take(row, worker=worker, until=now + lease)
        if won:
            row.refresh_from_db()
            return row
    return None


def _unchanged(row: Leased) -> QuerySet[Leased]:
    """The row, as long as nobody took it since it was read (same attempt count and state)."""
    return type(row)._default_manager.filter(pk=row.pk, attempts=row.attempts, state=row.state)


def _take(row: Leased, *, worker: str, until: dt.datetime) -> bool:
    """The compare-and-swap: the row becomes this worker's only if it is unchanged."""
    return bool(
        _unchanged(row).update(
            state=WorkState.RUNNING,
            attempts=F("attempts") + 1,
            lease_until=until,
            worker=worker[:100],
        )
    )


def _owned(row: Leased) -> QuerySet[Leased]:
    """The row, as long as it is still this worker's claim (same worker, same attempt)."""
    return type(row)._default_manager.filter(
        pk=row.pk, worker=row.worker, attempts=row.attempts, state=WorkState.RUNNING
    )


def extend_lease(row: Leased, *, lease: dt.timedelta | None = None) -> bool:
    """Push the lease out; False when the row is no longer this worker's."""
    return bool(_owned(row).update(lease_until=timezone.now() + (lease or lease_length())))


@contextmanager
def kept(row: Leased, *, lease: dt.timedelta | None = None) -> Iterator[None]:
    """Extend ``row``'s lease every third of ``lease`` while the block runs (a heartbeat in
    its own thread and database connection). A lost lease (another worker took the row
    over) ends the heartbeat; finishing the row then changes nothing (see ``_owned``)."""
    stop = threading.Event()
    lease = lease or lease_length()

    def beat() -> None:
        try:
            while not stop.wait(lease.total_seconds() / 3):
                try:
                    if not extend_lease(row, lease=lease):
                        logger.warning("lease lost %s id=%s", type(row).__name__, row.pk)
                        return
                except DatabaseError:  # a busy or briefly unreachable database: next beat
                    logger.warning("lease not extended %s id=%s", type(row).__name__, row.pk)
        finally:
            connections.close_all()

    thread = threading.Thread(target=beat, name=f"lease-{row.pk}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def succeed(row: Leased) -> bool:
    """Mark the row done; False (and nothing changed) when it is no longer this worker's."""
    return _finish(row, state=WorkState.DONE, error="")


def fail(row: Leased, *, error: str, permanent: bool = False) -> bool:
    """Record a failed attempt: queue it again after a back-off, or give up after the last
    attempt (or at once when retrying cannot help). True when it gave up."""
    if permanent or row.attempts >= row.max_attempts:
        return _finish(row, state=WorkState.FAILED, error=error)
    _owned(row).update(
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


def _finish(row: Leased, *, state: str, error: str) -> bool:
    done = _owned(row).update(
        state=state, lease_until=None, finished_at=timezone.now(), last_error=error[:4000]
    )
    if not done:
        logger.warning(
            "not finished, claimed by another worker %s id=%s", type(row).__name__, row.pk
        )
    return bool(done)
