"""Send the next due delivery (a worker source)."""

from __future__ import annotations

import logging

from django.utils.translation import gettext

from openvorgang.jobs import queue
from openvorgang.outbox.models import Delivery
from openvorgang.outbox.registry import (
    PermanentError,
    TransportError,
    failure_hook_for,
    transport_for,
)

logger = logging.getLogger(__name__)


def deliver_next(worker: str) -> bool:
    delivery = queue.claim(Delivery.objects.all(), worker=worker)
    if delivery is None:
        return False
    send = transport_for(delivery.transport)
    try:
        if send is None:
            raise PermanentError(
                gettext("Unbekannter Transport %(transport)r") % {"transport": delivery.transport}
            )
        with queue.kept(delivery):
            status = send(delivery)
    except PermanentError as exc:
        _record(delivery, exc.status_code)
        _failed(delivery, str(exc), permanent=True)
        logger.warning(
            "delivery failed permanently id=%s transport=%s", delivery.pk, delivery.transport
        )
    except TransportError as exc:
        _record(delivery, exc.status_code)
        _failed(delivery, str(exc))
        logger.info("delivery attempt failed id=%s attempt=%s", delivery.pk, delivery.attempts)
    except Exception as exc:  # a bug or an unexpected peer answer: retry, keep it visible
        _failed(delivery, f"{type(exc).__name__}: {exc}")
        logger.exception("delivery error id=%s", delivery.pk)
    else:
        _record(delivery, status)
        queue.succeed(delivery)
        logger.info("delivered id=%s transport=%s", delivery.pk, delivery.transport)
    return True


def _failed(delivery: Delivery, error: str, *, permanent: bool = False) -> None:
    if queue.fail(delivery, error=error, permanent=permanent):
        hook = failure_hook_for(delivery.transport)
        if hook is not None:
            hook(delivery, error)


def _record(delivery: Delivery, status: int | None) -> None:
    if status is not None:
        Delivery.objects.filter(pk=delivery.pk).update(last_status_code=status)
