"""Transports by name: how a delivery of that kind is sent. A transport raises
``TransportError`` (retried) or ``PermanentError`` (failed at once)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from openvorgang.jobs.registry import PermanentError

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

_TRANSPORTS: dict[str, Transport] = {}


def transport(name: str) -> Callable[[Transport], Transport]:
    def register(func: Transport) -> Transport:
        _TRANSPORTS[name] = func
        return func

    return register


def transport_for(name: str) -> Transport | None:
    return _TRANSPORTS.get(name)


FailureHook = Callable[["Delivery", str], None]
_FAILURE_HOOKS: dict[str, FailureHook] = {}


def on_final_failure(name: str) -> Callable[[FailureHook], FailureHook]:
    """Register what to do when a delivery of this transport is given up (no more retries):
    e.g. mark the message it carried as failed."""

    def register(func: FailureHook) -> FailureHook:
        _FAILURE_HOOKS[name] = func
        return func

    return register


def failure_hook_for(name: str) -> FailureHook | None:
    return _FAILURE_HOOKS.get(name)
