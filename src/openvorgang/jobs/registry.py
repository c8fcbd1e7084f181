"""Job handlers by name. A handler takes the job's JSON payload; it must be idempotent."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Handler = Callable[[dict[str, Any]], None]

_HANDLERS: dict[str, Handler] = {}


class PermanentError(Exception):
    """Raised by a handler or transport when retrying cannot help (the row fails at once).
    A transport passes the peer's HTTP status, if there was one."""

    def __init__(self, message: str, *, status_code: int | None = None) -> None:
        super().__init__(message)
        self.status_code = status_code


def job(name: str) -> Callable[[Handler], Handler]:
    def register(func: Handler) -> Handler:
        if name in _HANDLERS and _HANDLERS[name] is not func:
            raise RuntimeError(f"Job handler {name!r} registered twice")
        _HANDLERS[name] = func
        return func

    return register


def handler_for(name: str) -> Handler | None:
    return _HANDLERS.get(name)


def registered() -> list[str]:
    return sorted(_HANDLERS)
