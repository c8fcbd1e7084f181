"""Reading an append-only table (the case history, applicant replies) after a named cursor.
Each consumer (notifications, applicant notices, auto-filing, webhooks, statistics) keeps its
own cursor row; a batch is handled and the cursor moved in one transaction, so every row is
handled once per commit, and a worker that dies mid-batch leaves the cursor where it was.
Rows are read in commit-safe order (``lib.commitorder``): a row whose transaction commits
after a later one is never skipped."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TypeVar

from django.db import models, transaction

from openvorgang.lib import commitorder
from openvorgang.notify.models import Cursor

T = TypeVar("T", bound=models.Model)


@contextmanager
def batch(name: str, rows: models.QuerySet[T], *, limit: int) -> Iterator[list[T]]:
    """The next ``limit`` rows of ``rows`` after cursor ``name``, oldest first; the cursor
    moves past them when the ``with`` block ends without an error."""
    with transaction.atomic():
        cursor, _ = Cursor.objects.select_for_update().get_or_create(name=name)
        position = commitorder.Position(txid=cursor.last_txid, pk=cursor.last_event_id)
        items = commitorder.after(rows, position, limit=limit)
        yield items
        if items:
            last = commitorder.position_of(items[-1])
            cursor.last_txid, cursor.last_event_id = last.txid, last.pk
            cursor.save(update_fields=["last_txid", "last_event_id"])
