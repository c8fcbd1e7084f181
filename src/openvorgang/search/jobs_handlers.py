"""The search index job: rebuild the documents of stale cases in batches."""

from __future__ import annotations

from typing import Any

from openvorgang.jobs.registry import job
from openvorgang.search.indexing import index_stale


@job("search.index")
def index(payload: dict[str, Any]) -> None:
    for _ in range(50):  # at most 10,000 cases per run; the schedule brings the next run
        if index_stale() == 0:
            break
