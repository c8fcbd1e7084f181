"""Write to the outbox. Call inside the transaction of the change being reported."""

from __future__ import annotations

from typing import Any

from openvorgang.cases.models import Case
from openvorgang.outbox.models import Delivery
from openvorgang.outbox.registry import transport_for
from openvorgang.tenants.models import Tenant


def delivery_enqueue(
    *,
    transport: str,
    target: str,
    payload: dict[str, Any],
    case: Case | None = None,
    tenant: Tenant | None = None,
    max_attempts: int = 12,
) -> Delivery:
    if transport_for(transport) is None:
        raise ValueError(f"Unknown transport {transport!r}")
    return Delivery.objects.create(
        transport=transport,
        target=target[:500],
        payload=payload,
        case=case,
        tenant=tenant if tenant is not None else (case.tenant if case is not None else None),
        max_attempts=max_attempts,
    )
