"""Enqueue background jobs. Call inside the transaction of the change that needs the job: the
job then exists exactly when the change was committed (transactional outbox)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from openvorgang.jobs.models import Job, WorkState
from openvorgang.jobs.registry import handler_for


def job_enqueue(
    *,
    name: str,
    payload: dict[str, Any] | None = None,
    run_after: dt.datetime | None = None,
    unique_key: str | None = None,
    max_attempts: int = 8,
) -> Job | None:
    """Queue a job. With ``unique_key``, nothing is queued while an open job with that key
    exists (returns None then)."""
    if handler_for(name) is None:
        raise ValueError(f"Unknown job {name!r}")
    if unique_key is not None and _open_with_key(unique_key):
        return None
    try:
        with transaction.atomic():
            return Job.objects.create(
                name=name,
                payload=payload or {},
                run_after=run_after or timezone.now(),
                unique_key=unique_key,
                max_attempts=max_attempts,
            )
    except IntegrityError:
        if unique_key is not None:
            return None  # a concurrent enqueue with the same key won
        raise


def _open_with_key(key: str) -> bool:
    return Job.objects.filter(
        unique_key=key, state__in=[WorkState.QUEUED, WorkState.RUNNING]
    ).exists()
