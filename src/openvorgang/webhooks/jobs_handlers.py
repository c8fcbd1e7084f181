from __future__ import annotations

from typing import Any

from openvorgang.jobs.registry import job
from openvorgang.webhooks.feed import process_events, process_messages


@job("webhooks.feed")
def feed(payload: dict[str, Any]) -> None:
    for _ in range(20):
        if process_events() + process_messages() == 0:
            break
