"""The durable job queue: run, retry with back-off, give up, recover from a dead worker."""

from __future__ import annotations

import datetime as dt
import threading
import time
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.utils import timezone

from openvorgang.jobs import queue
from openvorgang.jobs.models import Job, Schedule, WorkState
from openvorgang.jobs.registry import PermanentError, job
from openvorgang.jobs.services import job_enqueue
from openvorgang.jobs.worker import enqueue_due_schedules, run_next_job, run_until_idle
from openvorgang.testing.concurrency import claims_while

CALLS: list[dict[str, Any]] = []


@job("test.record")
def record(payload: dict[str, Any]) -> None:
    if payload.get("fail") == "temporary":
        raise RuntimeError("peer down")
    if payload.get("fail") == "permanent":
        raise PermanentError("cannot ever work")
    CALLS.append(payload)


@pytest.fixture(autouse=True)
def _clear_calls():
    CALLS.clear()


@pytest.mark.django_db
def test_enqueued_job_runs_once_and_is_done():
    created = job_enqueue(name="test.record", payload={"n": 1})
    assert run_until_idle("w1") == 1
    created.refresh_from_db()
    assert created.state == WorkState.DONE
    assert created.attempts == 1
    assert created.finished_at is not None
    assert CALLS == [{"n": 1}]
    assert run_until_idle("w1") == 0


@pytest.mark.django_db
def test_unknown_job_name_is_refused_at_enqueue():
    with pytest.raises(ValueError, match="Unknown job"):
        job_enqueue(name="no.such.job")


@pytest.mark.django_db
def test_job_due_later_waits():
    later = timezone.now() + dt.timedelta(minutes=10)
    created = job_enqueue(name="test.record", payload={"n": 2}, run_after=later)
    assert run_next_job("w1") is False
    with time_machine.travel(later + dt.timedelta(seconds=1)):
        assert run_next_job("w1") is True
    created.refresh_from_db()
    assert created.state == WorkState.DONE


@pytest.mark.django_db
def test_failing_job_is_retried_with_backoff_then_fails_visibly():
    created = job_enqueue(name="test.record", payload={"fail": "temporary"}, max_attempts=3)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        assert run_next_job("w1")
    created.refresh_from_db()
    assert (created.state, created.attempts) == (WorkState.QUEUED, 1)
    assert "peer down" in created.last_error
    assert created.run_after == start + queue.backoff(1)
    with time_machine.travel(start, tick=False):
        assert run_next_job("w1") is False  # not yet due again
    with time_machine.travel(start + dt.timedelta(hours=1)):
        assert run_next_job("w1")
    with time_machine.travel(start + dt.timedelta(hours=2)):
        assert run_next_job("w1")
    created.refresh_from_db()
    assert (created.state, created.attempts) == (WorkState.FAILED, 3)
    assert created.finished_at is not None


@pytest.mark.django_db
def test_permanent_error_fails_at_once():
    created = job_enqueue(name="test.record", payload={"fail": "permanent"})
    run_next_job("w1")
    created.refresh_from_db()
    assert (created.state, created.attempts) == (WorkState.FAILED, 1)
    assert created.last_error == "cannot ever work"


@pytest.mark.django_db
def test_job_of_a_killed_worker_is_picked_up_after_its_lease():
    created = job_enqueue(name="test.record", payload={"n": 3})
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        claimed = queue.claim(Job.objects.all(), worker="dead-worker")
        assert claimed.pk == created.pk
        # The worker dies here: the row stays "running" under its lease.
        assert queue.claim(Job.objects.all(), worker="w2") is None
    with time_machine.travel(start + queue.DEFAULT_LEASE + dt.timedelta(seconds=1)):
        assert run_next_job("w2")
    created.refresh_from_db()
    assert (created.state, created.attempts, created.worker) == (WorkState.DONE, 2, "w2")
    assert CALLS == [{"n": 3}]


@pytest.mark.django_db
def test_dead_worker_on_last_attempt_marks_job_failed():
    created = job_enqueue(name="test.record", payload={"n": 4}, max_attempts=1)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        queue.claim(Job.objects.all(), worker="dead-worker")
    with time_machine.travel(start + queue.DEFAULT_LEASE + dt.timedelta(seconds=1)):
        assert run_next_job("w2") is False
    created.refresh_from_db()
    assert created.state == WorkState.FAILED
    assert CALLS == []


@pytest.mark.django_db
def test_unique_key_allows_one_open_job():
    first = job_enqueue(name="test.record", unique_key="poll:A")
    assert first is not None
    assert job_enqueue(name="test.record", unique_key="poll:A") is None
    run_until_idle("w1")
    assert job_enqueue(name="test.record", unique_key="poll:A") is not None


@pytest.mark.django_db
def test_retry_requeues_a_failed_job():
    created = job_enqueue(name="test.record", payload={"fail": "permanent"})
    run_next_job("w1")
    created.refresh_from_db()
    queue.retry(created)
    created.refresh_from_db()
    assert (created.state, created.attempts) == (WorkState.QUEUED, 0)


@pytest.mark.django_db
def test_schedule_enqueues_once_per_interval(settings):
    settings.OPENVORGANG_SCHEDULES = {"test.record": 60, "not.registered": 60}
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        assert enqueue_due_schedules() == ["test.record"]
        assert enqueue_due_schedules() == []
        run_until_idle("w1")
    assert Schedule.objects.get(name="test.record").next_run_at == start + dt.timedelta(seconds=60)
    with time_machine.travel(start + dt.timedelta(seconds=61), tick=False):
        run_until_idle("w1")
    assert Job.objects.filter(name="test.record", state=WorkState.DONE).count() == 2


@pytest.mark.django_db(transaction=True)
def test_two_workers_never_claim_the_same_job():
    for n in range(20):
        job_enqueue(name="test.record", payload={"n": n})
    claimed: dict[str, list[int]] = {"a": [], "b": []}
    barrier = threading.Barrier(2)

    def work(name: str) -> None:
        barrier.wait()
        try:
            while (row := queue.claim(Job.objects.all(), worker=name)) is not None:
                claimed[name].append(row.pk)
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(n,)) for n in claimed]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    everything = claimed["a"] + claimed["b"]
    assert sorted(everything) == sorted(Job.objects.values_list("pk", flat=True))
    assert len(everything) == len(set(everything)) == 20


@job("test.slow")
def slow(payload: dict[str, Any]) -> None:
    time.sleep(payload["seconds"])
    CALLS.append(payload)


@pytest.mark.django_db(transaction=True)
def test_a_job_running_longer_than_its_lease_keeps_it(settings):
    """The heartbeat renews the two-second lease while the 5 s handler runs: the second
    worker never gets the job, it runs once and is done by its first worker."""
    settings.OPENVORGANG_JOB_LEASE_SECONDS = 2
    created = job_enqueue(name="test.slow", payload={"seconds": 5})
    ran, second = claims_while(Job, lambda: run_next_job("first"), seconds=6)
    assert ran
    created.refresh_from_db()
    assert second == []
    assert (created.state, created.attempts, created.worker) == (WorkState.DONE, 1, "first")
    assert CALLS == [{"seconds": 5}]


@pytest.mark.django_db
def test_a_worker_that_lost_its_lease_cannot_finish_its_successors_attempt():
    created = job_enqueue(name="test.record", payload={"n": 5})
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        stale = queue.claim(Job.objects.all(), worker="stalled")
    with time_machine.travel(start + queue.DEFAULT_LEASE + dt.timedelta(seconds=1), tick=False):
        current = queue.claim(Job.objects.all(), worker="successor")
        assert current.pk == stale.pk
        assert queue.succeed(stale) is False
        assert queue.fail(stale, error="late failure") is False
        assert queue.extend_lease(stale) is False
        created.refresh_from_db()
        assert (created.state, created.worker, created.last_error) == (
            WorkState.RUNNING,
            "successor",
            "",
        )
        assert queue.succeed(current) is True
    created.refresh_from_db()
    assert (created.state, created.attempts) == (WorkState.DONE, 2)


@pytest.mark.django_db
def test_the_swap_lets_only_one_of_two_readers_take_the_row():
    """Two workers that read the same due row (no row locks on SQLite): the first swap takes
    it, the second finds the attempt count changed and takes nothing."""
    job_enqueue(name="test.record", payload={"n": 1})
    seen_by_a = Job.objects.get()
    seen_by_b = Job.objects.get()
    until = timezone.now() + queue.DEFAULT_LEASE
    assert queue._take(seen_by_a, worker="a", until=until) is True
    assert queue._take(seen_by_b, worker="b", until=until) is False
    row = Job.objects.get()
    assert (row.worker, row.attempts, row.state) == ("a", 1, WorkState.RUNNING)
