"""Send the next due delivery (a worker source)."""

from __future__ import annotations

import logging

from openvorgang.jobs import queue
from openvorgang.outbox.models import Delivery
from openvorgang.outbox.registry import PermanentError, TransportError, transport_for

logger = logging.getLogger(__name__)


def deliver_next(worker: str) -> bool:
    delivery = queue.claim(Delivery.objects.all(), worker=worker)
    if delivery is None:
        return False
    send = transport_for(delivery.transport)
    try:
        if send is None:
            raise PermanentError(f"Unbekannter Transport {delivery.transport!r}")
        status = send(delivery)
    except PermanentError as exc:
        _record(delivery, exc.status_code)
        queue.fail(delivery, error=str(exc), permanent=True)
        logger.warning(
            "delivery failed permanently id=%s transport=%s", delivery.pk, delivery.transport
        )
    except TransportError as exc:
        _record(delivery, exc.status_code)
        queue.fail(delivery, error=str(exc))
        logger.info("delivery attempt failed id=%s attempt=%s", delivery.pk, delivery.attempts)
    except Exception as exc:  # a bug or an unexpected peer answer: retry, keep it visible
        queue.fail(delivery, error=f"{type(exc).__name__}: {exc}")
        logger.exception("delivery error id=%s", delivery.pk)
    else:
        _record(delivery, status)
        queue.succeed(delivery)
        logger.info("delivered id=%s transport=%s", delivery.pk, delivery.transport)
    return True


def _record(delivery: Delivery, status: int | None) -> None:
    if status is not None:
        Delivery.objects.filter(pk=delivery.pk).update(last_status_code=status)
