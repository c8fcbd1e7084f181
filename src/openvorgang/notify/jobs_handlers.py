"""Notification jobs: the history feed (every minute), status notices to applicants and the
daily follow-up digest."""

from __future__ import annotations

from typing import Any

from openvorgang.jobs.registry import job
from openvorgang.notify.applicant_notices import process_status_feed
from openvorgang.notify.services import follow_up_digest, process_feed, process_messages


@job("notify.feed")
def feed(payload: dict[str, Any]) -> None:
    for _ in range(20):
        if process_feed() + process_messages() == 0:
            break


@job("notify.follow_up_digest")
def digest(payload: dict[str, Any]) -> None:
    follow_up_digest()


@job("mailbox.status_notices")  # the name queued jobs and the schedule know it by
def status_notices(payload: dict[str, Any]) -> None:
    for _ in range(20):
        if process_status_feed() == 0:
            break
