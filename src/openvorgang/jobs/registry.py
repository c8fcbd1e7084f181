"""Job handlers by name. A handler takes the job's JSON payload; it must be idempotent."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from openvorgang.lib.registry import Registry

Handler = Callable[[dict[str, Any]], None]

HANDLERS: Registry[Handler] = Registry("Job-Handler")


class PermanentError(Exception):
    """Raised by a handler or transport when retrying cannot help (the row fails at once).
    A transport passes the peer's HTTP status, if there was one."""

    def __init__(self, message: str, *, status_code: int | None = None) -> None:
        super().__init__(message)
        self.status_code = status_code


job = HANDLERS.__call__  # @job("name")
handler_for = HANDLERS.get


def registered() -> list[str]:
    return HANDLERS.names()
