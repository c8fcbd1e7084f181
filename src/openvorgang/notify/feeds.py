"""Reading an append-only table (the case history, applicant replies) after a named cursor.
Each consumer (notifications, applicant notices, auto-filing, webhooks, statistics) keeps its
own cursor row; a batch is handled and the cursor moved in one transaction, so every row is
handled once per commit, and a worker that dies mid-batch leaves the cursor where it was."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TypeVar

from django.db import models, transaction

from openvorgang.notify.models import Cursor

T = TypeVar("T", bound=models.Model)


@contextmanager
def batch(name: str, rows: models.QuerySet[T], *, limit: int) -> Iterator[list[T]]:
    """The next ``limit`` rows of ``rows`` after cursor ``name``, oldest first; the cursor
    moves past them when the ``with`` block ends without an error."""
    with transaction.atomic():
        cursor, _ = Cursor.objects.select_for_update().get_or_create(name=name)
        items = list(rows.filter(pk__gt=cursor.last_event_id).order_by("pk")[:limit])
        yield items
        if items:
            cursor.last_event_id = items[-1].pk
            cursor.save(update_fields=["last_event_id"])
