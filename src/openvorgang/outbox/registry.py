"""Transports by name: how a delivery of that kind is sent. A transport raises
``TransportError`` (retried) or ``PermanentError`` (failed at once)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from openvorgang.jobs.registry import PermanentError
from openvorgang.lib.registry import Registry

if TYPE_CHECKING:
    from openvorgang.outbox.models import Delivery

__all__ = [
    "PermanentError",
    "Transport",
    "TransportError",
    "failure_hook_for",
    "on_final_failure",
    "transport",
    "transport_for",
]


class TransportError(Exception):
    def __init__(self, message: str, *, status_code: int | None = None) -> None:
        super().__init__(message)
        self.status_code = status_code


Transport = Callable[["Delivery"], int | None]  # returns the peer's HTTP status, if any

TRANSPORTS: Registry[Transport] = Registry("Transport")
transport = TRANSPORTS.__call__  # @transport("name")
transport_for = TRANSPORTS.get

FailureHook = Callable[["Delivery", str], None]
# What to do when a delivery of a transport is given up (no more retries): e.g. mark the
# message it carried as failed.
FAILURE_HOOKS: Registry[FailureHook] = Registry("Fehlerbehandlung")
on_final_failure = FAILURE_HOOKS.__call__
failure_hook_for = FAILURE_HOOKS.get
