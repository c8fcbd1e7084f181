from __future__ import annotations

from typing import Any

from openvorgang.audit.services import purge_expired
from openvorgang.jobs.registry import job


@job("audit.purge")
def purge(payload: dict[str, Any]) -> None:
    purge_expired()
