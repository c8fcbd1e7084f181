"""Case history and applicant replies → webhook events for the tenant's subscriptions. The
events carry the case's identity and status, never form content or personal data: the
specialist system fetches what it needs through the pull API with its own token."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from openvorgang.cases.models import Case, CaseEvent, CaseStatus, EventKind
from openvorgang.mailbox.models import Direction, Message
from openvorgang.notify import feeds
from openvorgang.outbox.services import delivery_enqueue
from openvorgang.webhooks.models import EventType, Subscription

EVENTS_FEED = "webhooks.events"
MESSAGES_FEED = "webhooks.messages"
BATCH = 200
NAMESPACE = uuid.UUID("0c6d6b1e-0f0a-4a52-8f6e-7b0f7a3d5e21")


def _types(event: CaseEvent) -> list[str]:
    if event.kind == EventKind.CREATED:
        return [EventType.CASE_CREATED]
    if event.kind == EventKind.DECISION:
        return [EventType.DECISION_SENT, EventType.STATUS_CHANGED]
    if event.kind == EventKind.STATUS:
        closed = event.after.get("status") == CaseStatus.ABGESCHLOSSEN
        return [EventType.STATUS_CHANGED, *([EventType.CASE_CLOSED] if closed else [])]
    return []


def _case(case: Case) -> dict[str, Any]:
    return {
        "id": str(case.pk),
        "number": case.number,
        "status": case.status,
        "serviceKey": case.service_key,
        "orgUnitId": case.org_unit.oe_id if case.org_unit else None,
    }


def _publish(case: Case, kind: str, key: str, at: dt.datetime, data: dict[str, Any]) -> int:
    count = 0
    for subscription in Subscription.objects.filter(tenant=case.tenant, active=True):
        # only what happened after the subscription began, only the kinds it asked for
        if kind not in subscription.events or at < subscription.created_at:
            continue
        event = {
            "id": str(uuid.uuid5(NAMESPACE, f"{key}:{kind}")),
            "type": kind,
            "occurredAt": at.isoformat(),
            "tenant": case.tenant.slug if case.tenant else None,
            "case": _case(case),
            "data": data,
        }
        delivery_enqueue(
            transport="webhook",
            target=subscription.url,
            payload={"subscription": subscription.pk, "event": event},
            case=case,
            max_attempts=12,
        )
        count += 1
    return count


def process_events(*, limit: int = BATCH) -> int:
    rows = CaseEvent.objects.select_related("case__tenant", "case__org_unit")
    with feeds.batch(EVENTS_FEED, rows, limit=limit) as events:
        for event in events:
            data = {"before": event.before.get("status"), "after": event.after.get("status")}
            if event.kind == EventKind.DECISION:
                data.update(_decision_data(event.after.get("bescheid") or {}))
            for kind in _types(event):
                _publish(event.case, kind, f"event-{event.pk}", event.at, data)
    return len(events)


def _decision_data(decision: dict[str, Any]) -> dict[str, Any]:
    """A decision sent with its document carries the document's hash and the dispatch time;
    one issued outside OpenVorgang its reference and date instead."""
    source = decision.get("source") or "template"
    keys = ("kind", "sha256", "dispatched_at", "bekanntgabe")
    if source == "external":
        keys = ("kind", "reference", "issued_on", "bekanntgabe")
    return {"source": source, **{k: decision.get(k) for k in keys}}


def process_messages(*, limit: int = BATCH) -> int:
    rows = Message.objects.filter(direction=Direction.IN).select_related(
        "case__tenant", "case__org_unit"
    )
    with feeds.batch(MESSAGES_FEED, rows, limit=limit) as replies:
        for reply in replies:
            _publish(
                reply.case,
                EventType.MESSAGE_RECEIVED,
                f"message-{reply.pk}",
                reply.created_at,
                {"afterClose": reply.after_close, "files": reply.files.count()},
            )
    return len(replies)
