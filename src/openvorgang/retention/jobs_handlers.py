from __future__ import annotations

from typing import Any

from openvorgang.jobs.registry import job
from openvorgang.retention.services import retention_run


@job("retention.run")
def run(payload: dict[str, Any]) -> None:
    retention_run()
