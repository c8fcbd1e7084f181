"""Deadline jobs: following the case history (every minute) and the daily check (warnings,
Genehmigungsfiktion)."""

from __future__ import annotations

from typing import Any

from openvorgang.deadlines.checks import deadline_check
from openvorgang.deadlines.feed import process_feed
from openvorgang.jobs.registry import job


@job("deadlines.feed")
def feed(payload: dict[str, Any]) -> None:
    for _ in range(20):
        if process_feed() == 0:
            break


@job("deadlines.check")
def check(payload: dict[str, Any]) -> None:
    deadline_check()
