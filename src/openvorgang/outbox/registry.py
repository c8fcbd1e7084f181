"""Transports by name: how a delivery of that kind is sent. A transport raises
``TransportError`` (retried) or ``PermanentError`` (failed at once)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from openvorgang.jobs.registry import PermanentError

if TYPE_CHECKING:
    from openvorgang.outbox.models import Delivery

__all__ = ["PermanentError", "Transport", "TransportError", "transport", "transport_for"]


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
