"""Two real transactions that commit in the reverse order of their writes: the first writes
in another thread and stays open until the ``with`` block ends, the second (the test's own
code) writes and commits inside the block. A feed reader run inside the block sees the
second row but not the first, which takes the smaller id: the case that used to be skipped
for ever. PostgreSQL only: SQLite has one writer at a time, so the second write would wait."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.db import DatabaseError, connection, connections, transaction


@dataclass
class Held:
    value: Any = None
    error: BaseException | None = None
    ready: threading.Event = field(default_factory=threading.Event)
    release: threading.Event = field(default_factory=threading.Event)


@contextmanager
def held_open(work: Callable[[], Any], *, timeout: float = 30) -> Iterator[Held]:
    """Run ``work`` in a transaction of another thread and keep it open for the block."""
    if connection.vendor != "postgresql":
        pytest.skip("needs two concurrent writers (PostgreSQL)")
    held = Held()

    def run() -> None:
        try:
            with transaction.atomic():
                held.value = work()
                held.ready.set()
                if not held.release.wait(timeout):
                    raise TimeoutError("the held transaction was never released")
        except BaseException as exc:  # reported to the test below
            held.error = exc
        finally:
            held.ready.set()
            connections.close_all()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    held.ready.wait(timeout)
    if held.error is not None:
        thread.join(timeout)
        raise held.error
    try:
        yield held
    finally:
        held.release.set()
        thread.join(timeout)
    if held.error is not None:
        raise held.error


def commit_in_reverse(
    late: Callable[[], Any], early: Callable[[], Any], read: Callable[[], object]
) -> tuple[Any, Any]:
    """``late`` writes first and commits last, ``early`` writes and commits in between;
    ``read`` (a feed consumer) runs while ``late`` is open and again after it committed."""
    with held_open(late) as held:
        early_value = early()
        read()
    read()
    return held.value, early_value


def claims_while(model: Any, run: Callable[[], Any], *, seconds: float) -> tuple[Any, list[Any]]:
    """``run`` (a worker at work) while a second worker, from half a second on, asks for
    work of ``model`` every 0.2 s for ``seconds``; returns what ``run`` returned and the
    rows the second one won."""
    from openvorgang.jobs import queue

    won: list[Any] = []

    def ask() -> None:
        time.sleep(0.5)  # the first worker claims its row at once; then the second asks
        deadline = time.monotonic() + seconds
        try:
            while time.monotonic() < deadline:
                try:
                    row = queue.claim(model.objects.all(), worker="second")
                except DatabaseError:  # SQLite busy: ask again
                    row = None
                if row is not None:
                    won.append(row.pk)
                time.sleep(0.2)
        finally:
            connection.close()

    other = threading.Thread(target=ask)
    other.start()
    try:
        result = run()
    finally:
        other.join()
    return result, won
