"""Reading an append-only table in commit order, so that no committed row is ever skipped.

Row ids are handed out when a row is inserted, not when its transaction commits: a
transaction that took id 10 may commit after one that took id 11. A reader that remembers
"everything up to id 11 is done" never sees row 10. On PostgreSQL every row therefore carries
the id of its writing transaction (``txid``, stamped by a trigger, see
``lib.migrations.StampTransactionId``), and a reader only takes rows whose transaction is older
than the oldest transaction still running (``pg_snapshot_xmin(pg_current_snapshot())``): every
such transaction has finished, so its rows are either visible now or never will be. The
position is the pair (txid, id). SQLite allows one writer at a time, so ids there are in
commit order already and the position is the id alone (txid stays 0)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar

from django.db import connections, models

T = TypeVar("T", bound=models.Model)


@dataclass(frozen=True)
class Position:
    txid: int
    pk: int


def horizon(using: str = "default") -> int | None:
    """Rows with a smaller ``txid`` are final (PostgreSQL; None on SQLite): the oldest
    transaction that may still be running. When that is the reader's own transaction, its
    own rows count as final too: every older transaction has finished, so nothing can be
    passed over (this is also what lets a test's single enclosing transaction read its rows)."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint,"
            " pg_current_xact_id_if_assigned()::text::bigint"
        )
        oldest, own = cursor.fetchone()
    return int(oldest) + 1 if own is not None and int(own) == int(oldest) else int(oldest)


def after(rows: models.QuerySet[T], position: Position, *, limit: int) -> list[T]:
    """The next ``limit`` rows after ``position`` whose transactions have all finished, in
    commit-safe order."""
    limit_txid = horizon(rows.db)
    if limit_txid is None:
        return list(rows.filter(pk__gt=position.pk).order_by("pk")[:limit])
    selected = (
        rows.filter(txid__gte=position.txid, txid__lt=limit_txid)
        .exclude(txid=position.txid, pk__lte=position.pk)
        .order_by("txid", "pk")
    )
    return list(selected[:limit])


def position_of(row: models.Model) -> Position:
    return Position(txid=getattr(row, "txid", 0) or 0, pk=int(row.pk))


def latest(rows: models.QuerySet[T]) -> Position:
    """The position of the last finished row of ``rows`` (a reader placed here starts with
    what commits next)."""
    limit_txid = horizon(rows.db)
    if limit_txid is not None:
        rows = rows.filter(txid__lt=limit_txid)
    row = rows.order_by("-txid", "-pk").only("pk", "txid").first()
    return position_of(row) if row is not None else Position(txid=0, pk=0)
