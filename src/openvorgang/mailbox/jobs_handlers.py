"""Mailbox jobs: status notices to applicants."""

from __future__ import annotations

from typing import Any

from openvorgang.jobs.registry import job
from openvorgang.mailbox.notices import process_status_feed


@job("mailbox.status_notices")
def status_notices(payload: dict[str, Any]) -> None:
    for _ in range(20):
        if process_status_feed() == 0:
            break
