from __future__ import annotations

from typing import Any

from openvorgang.jobs.registry import job
from openvorgang.stats.feed import process_feed


@job("stats.feed")
def feed(payload: dict[str, Any]) -> None:
    for _ in range(50):
        if process_feed() == 0:
            break
