"""The deadline follows the case: the worker reads the case history after its cursor and
brings the deadline of each case it names in line (``services.deadline_sync``). Intake and
case changes pay nothing for it; a batch and the cursor move in one transaction."""

from __future__ import annotations

import datetime as dt
import uuid

from openvorgang.cases.models import CaseEvent, EventKind
from openvorgang.deadlines.services import deadline_sync
from openvorgang.notify import feeds

FEED = "deadlines.feed"
BATCH = 500
KINDS = [
    EventKind.CREATED,
    EventKind.ROUTED,
    EventKind.FORWARDED,
    EventKind.STATUS,
    EventKind.DECISION,
]


def process_feed(*, limit: int = BATCH) -> int:
    """Sync the deadlines of the cases in the next batch; returns how many entries were read."""
    rows = CaseEvent.objects.filter(kind__in=KINDS).only("id", "txid", "case_id", "kind", "at")
    with feeds.batch(FEED, rows, limit=limit) as events:
        cases: dict[uuid.UUID, dt.datetime | None] = {}
        for event in events:
            forwarded = event.at if event.kind == EventKind.FORWARDED else None
            cases[event.case_id] = forwarded or cases.get(event.case_id)
        for case_id, forwarded_at in cases.items():
            deadline_sync(case_id=case_id, forwarded_at=forwarded_at)
    return len(events)
