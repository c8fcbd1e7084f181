"""The cursor feeds that the worker's consumers read the case history with: batches in order,
the cursor moves only when a batch was handled without an error."""

from __future__ import annotations

import pytest

from openvorgang.cases.models import CaseEvent
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
