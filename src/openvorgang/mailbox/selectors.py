"""Reads of the case mailbox."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from openvorgang.cases.models import Case
from openvorgang.mailbox.models import Direction, Message


def thread(*, case: Case) -> list[Message]:
    return list(
        Message.objects.filter(case=case)
        .prefetch_related("files__case_file")
        .order_by("created_at", "id")
    )


def unread_case_ids_query() -> QuerySet[Message, Any]:
    """Cases with replies no caseworker has seen yet (partial index message_unread)."""
    return Message.objects.filter(direction=Direction.IN, read_at__isnull=True).values("case_id")
