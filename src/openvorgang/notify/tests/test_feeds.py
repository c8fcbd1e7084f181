"""The cursor feeds that the worker's consumers read the case history with: batches in order,
the cursor moves only when a batch was handled without an error."""

from __future__ import annotations

import pytest

from openvorgang.cases.models import CaseEvent, EventKind
from openvorgang.notify import feeds
from openvorgang.notify.models import Cursor
from openvorgang.testing.factories import make_case


def test_batches_follow_the_cursor_and_an_error_keeps_it(world):
    for _ in range(3):
        make_case(org_unit=world.unit)
    ids = list(CaseEvent.objects.order_by("pk").values_list("pk", flat=True))
    rows = CaseEvent.objects.all()

    with feeds.batch("test.feed", rows, limit=2) as first:
        pass
    assert [e.pk for e in first] == ids[:2]

    seen: list[int] = []

    def failing_handler() -> None:
        with feeds.batch("test.feed", rows, limit=2) as failed:
            seen.extend(e.pk for e in failed)
            raise RuntimeError("handler failed")

    with pytest.raises(RuntimeError):
        failing_handler()
    assert seen == ids[2:4]
    assert Cursor.objects.get(name="test.feed").last_event_id == ids[1]

    with feeds.batch("test.feed", rows, limit=10) as rest:
        pass
    assert [e.pk for e in rest] == ids[2:]
    with feeds.batch("test.feed", rows, limit=10) as empty:
        pass
    assert empty == []


@pytest.mark.django_db(transaction=True)
def test_a_row_committed_after_a_later_one_is_not_skipped(world):
    """A transaction takes the smaller id but commits last: the feed waits for it instead of
    moving past it (PostgreSQL; on SQLite writers cannot overlap)."""
    from openvorgang.cases.log import case_log
    from openvorgang.testing.concurrency import held_open

    late_case = make_case(org_unit=world.unit)
    early_case = make_case(org_unit=world.unit)
    rows = CaseEvent.objects.filter(kind=EventKind.EXPORT)

    def log(case):
        return case_log(case=case, kind=EventKind.EXPORT, actor_name="DMS", after={})

    with held_open(lambda: log(late_case)) as late:
        early = log(early_case)
        assert late.value.pk < early.pk
        with feeds.batch("test.order", rows, limit=10) as seen_open:
            pass
        assert seen_open == []  # the older transaction is still running: wait for it
    with feeds.batch("test.order", rows, limit=10) as seen:
        pass
    assert [e.pk for e in seen] == [late.value.pk, early.pk]
    with feeds.batch("test.order", rows, limit=10) as again:
        pass
    assert again == []


def test_a_long_transaction_in_another_database_does_not_hold_the_feed_back(world):
    """Only transactions that can write into this database count: a long one elsewhere in
    the same PostgreSQL cluster (another installation, a report) does not delay the feed."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    import psycopg

    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    params["dbname"] = "postgres"
    with psycopg.connect(**params) as elsewhere:
        elsewhere.execute("SELECT pg_current_xact_id()")  # holds a transaction id, open
        make_case(org_unit=world.unit)
        rows = CaseEvent.objects.all()
        with feeds.batch("test.elsewhere", rows, limit=10) as seen:
            pass
        assert len(seen) == 1
