"""The worker loop: enqueue due periodic jobs, then run due jobs and every other registered
source of work (such as the outbox) until nothing is due, then sleep briefly."""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import threading
import time
import traceback
from collections.abc import Callable

from django.conf import settings
from django.db import close_old_connections
from django.utils import timezone
from django.utils.translation import gettext

from openvorgang.jobs import queue
from openvorgang.jobs.models import Job, Schedule
from openvorgang.jobs.registry import PermanentError, handler_for
from openvorgang.jobs.services import job_enqueue

logger = logging.getLogger(__name__)

# A source claims and processes one unit of work for the named worker; True if it did any.
Source = Callable[[str], bool]
_SOURCES: list[Source] = []


def register_source(source: Source) -> None:
    if source not in _SOURCES:
        _SOURCES.append(source)


def default_worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def enqueue_due_schedules() -> list[str]:
    """Queue each periodic job whose time has come (``OPENVORGANG_SCHEDULES``: name → seconds).
    Safe with many workers: advancing the schedule is a conditional update."""
    queued = []
    now = timezone.now()
    for name, seconds in settings.OPENVORGANG_SCHEDULES.items():
        if handler_for(name) is None:
            logger.warning("schedule %s names no registered job", name)
            continue
        schedule, _ = Schedule.objects.get_or_create(name=name, defaults={"next_run_at": now})
        if schedule.next_run_at > now:
            continue
        advanced = Schedule.objects.filter(pk=schedule.pk, next_run_at=schedule.next_run_at).update(
            next_run_at=now + dt.timedelta(seconds=seconds)
        )
        if advanced and job_enqueue(name=name, unique_key=f"schedule:{name}") is not None:
            queued.append(name)
    return queued


def run_next_job(worker: str) -> bool:
    job = queue.claim(Job.objects.all(), worker=worker)
    if job is None:
        return False
    handler = handler_for(job.name)
    started = time.monotonic()
    try:
        if handler is None:
            raise PermanentError(
                gettext("Kein Handler für Auftrag %(name)r registriert") % {"name": job.name}
            )
        with queue.kept(job):
            handler(job.payload)
    except PermanentError as exc:
        queue.fail(job, error=str(exc), permanent=True)
        logger.warning("job failed permanently name=%s id=%s", job.name, job.pk)
    except Exception:
        queue.fail(job, error=traceback.format_exc(limit=5))
        logger.exception("job failed name=%s id=%s attempt=%s", job.name, job.pk, job.attempts)
    else:
        queue.succeed(job)
        logger.info(
            "job done name=%s id=%s duration_ms=%d",
            job.name,
            job.pk,
            (time.monotonic() - started) * 1000,
        )
    return True


def run_until_idle(worker: str, *, limit: int = 10_000) -> int:
    """Process due work until none is left (or ``limit`` units); returns the units done."""
    enqueue_due_schedules()
    done = 0
    while done < limit:
        did = run_next_job(worker)
        for source in _SOURCES:
            did = source(worker) or did
        if not did:
            break
        done += 1
    return done


def run_forever(worker: str, *, poll_seconds: float, stop: threading.Event) -> None:
    logger.info("worker %s started", worker)
    while not stop.is_set():
        close_old_connections()
        try:
            run_until_idle(worker, limit=1000)
        except Exception:
            logger.exception("worker loop error")
        stop.wait(poll_seconds)
    logger.info("worker %s stopped", worker)
