"""Reading an append-only table in commit order, so that no committed row is ever skipped.

Row ids are handed out when a row is inserted, not when its transaction commits: a
transaction that took id 10 may commit after one that took id 11. A reader that remembers
"everything up to id 11 is done" never sees row 10. On PostgreSQL every row therefore carries
the id of its writing transaction (``txid``, stamped by a trigger, see
``lib.migrations.StampTransactionId``), and a reader only takes rows whose transaction is older
than the oldest transaction that may still write into this database (``horizon``): every
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


# The transactions that may still write into this database: those of its sessions (seen in
# pg_stat_activity, which needs pg_read_all_stats or superuser to show other roles'
# sessions) and its prepared transactions. Other databases of the cluster cannot write our
# rows, so their long transactions do not hold our feeds back.
_HORIZON = """
SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint,
       pg_current_xact_id()::text::bigint,
       pg_has_role(current_user, 'pg_read_all_stats', 'USAGE'),
       ARRAY(
           SELECT backend_xid::text::bigint FROM pg_stat_activity
            WHERE datname = current_database() AND backend_xid IS NOT NULL
              AND pid <> pg_backend_pid()
           UNION ALL
           SELECT transaction::text::bigint FROM pg_prepared_xacts
            WHERE database = current_database()
       )
"""


def _older(xid32: int, own: int) -> int | None:
    """A running transaction's 32-bit id as the 64-bit one, if it is older than ``own``
    (ids compare modulo 2^32, as PostgreSQL compares them); None for a newer one."""
    behind = (own - xid32) & 0xFFFFFFFF
    return own - behind if 0 < behind < 1 << 31 else None


def horizon(using: str = "default") -> int | None:
    """Rows with a smaller ``txid`` are final (PostgreSQL; None on SQLite).

    The reader takes a transaction id of its own first: every transaction that got an id
    before it has either finished or is still listed as running in this database (its
    sessions and prepared transactions); every later one has a larger id. So the horizon is
    the oldest of those still running, or the reader's own id + 1: its own rows are visible
    to it and any it writes later come after them (this also lets a test's single enclosing
    transaction read its rows). Without the right to see other roles' sessions
    (pg_read_all_stats), every running transaction of the cluster counts
    (``pg_snapshot_xmin``): never unsafe, only slower while a long one runs elsewhere."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")  # no cached session list
        cursor.execute(_HORIZON)
        cluster_xmin, own, sees_all, others = cursor.fetchone()
    if sees_all:
        running = [x for x in (_older(xid, own) for xid in others) if x is not None]
    else:
        running = [cluster_xmin] if cluster_xmin < own else []
    return min([*running, own + 1])


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
