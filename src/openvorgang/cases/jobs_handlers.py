"""Background jobs of the cases app."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings

from openvorgang.cases import scanning
from openvorgang.cases.services import sweep_staged_files
from openvorgang.jobs.registry import job


@job("cases.sweep_staged_files")
def sweep(payload: dict[str, Any]) -> None:
    sweep_staged_files(
        older_than=dt.timedelta(minutes=settings.OPENVORGANG_STAGED_FILE_GRACE_MINUTES)
    )


@job(scanning.JOB)
def scan(payload: dict[str, Any]) -> None:
    scanning.scan_file(file_id=str(payload["file"]))
