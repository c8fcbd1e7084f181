"""Background jobs of the web app."""

from __future__ import annotations

from typing import Any

from openvorgang.jobs.registry import job
from openvorgang.web import once


@job("web.sweep_once_tokens")
def sweep_once_tokens(payload: dict[str, Any]) -> None:
    once.sweep()
