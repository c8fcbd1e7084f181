"""Keeping the aggregates: the worker reads new history entries after a cursor. Arrivals count
into DailyIntake (an upsert that adds); decisions and closings set the dates on CaseTiming.
``rebuild`` recomputes everything from the cases and their history (first install, repair)."""

from __future__ import annotations

from collections import Counter

from django.db import connection, transaction
from django.db.models import Count, Min, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from openvorgang.cases.models import Case, CaseEvent, CaseStatus, EventKind
from openvorgang.lib import commitorder
from openvorgang.notify import feeds
from openvorgang.notify.models import Cursor
from openvorgang.stats.models import CaseTiming, DailyIntake

FEED = "stats.feed"
BATCH = 2000


def _add_intake(counts: Counter[tuple[object, ...]]) -> None:
    table = DailyIntake._meta.db_table
    rows = [(*key, n) for key, n in counts.items()]
    if not rows:
        return
    sql = (
        f"INSERT INTO {table} (day, tenant_id, org_unit_id, service_key, channel, count) "  # noqa: S608 # nosec B608
        "VALUES (%s, %s, %s, %s, %s, %s) "
        "ON CONFLICT (day, tenant_id, org_unit_id, service_key, channel) "
        f"DO UPDATE SET count = {table}.count + excluded.count"
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)  # type: ignore[arg-type]


def process_feed(*, limit: int = BATCH) -> int:
    rows = CaseEvent.objects.filter(
        kind__in=[EventKind.CREATED, EventKind.STATUS, EventKind.DECISION]
    ).select_related("case")
    with feeds.batch(FEED, rows, limit=limit) as events:
        intake: Counter[tuple[object, ...]] = Counter()
        for event in events:
            case = event.case
            if event.kind == EventKind.CREATED:
                day = timezone.localtime(case.received_at).date()
                intake[
                    (
                        day,
                        case.tenant_id or 0,
                        case.org_unit_id or 0,
                        case.service_key,
                        case.channel,
                    )
                ] += 1
                CaseTiming.objects.get_or_create(
                    case_id=case.pk,
                    defaults={
                        "tenant_id": case.tenant_id,
                        "service_key": case.service_key,
                        "received_at": case.received_at,
                    },
                )
                continue
            status = event.after.get("status")
            if status == CaseStatus.BESCHIEDEN:
                CaseTiming.objects.filter(case_id=case.pk, decided_at__isnull=True).update(
                    decided_at=event.at
                )
            elif status == CaseStatus.ABGESCHLOSSEN:
                CaseTiming.objects.filter(case_id=case.pk).update(closed_at=event.at)
            elif status in (CaseStatus.IN_BEARBEITUNG,) and event.action == "wiedereroeffnen":
                CaseTiming.objects.filter(case_id=case.pk).update(closed_at=None)
        _add_intake(intake)
    return len(events)


def rebuild() -> dict[str, int]:
    """Recompute both aggregates from the cases (set-based; minutes at 10 million cases)."""
    with transaction.atomic():
        last = commitorder.latest(CaseEvent.objects.all())
        Cursor.objects.update_or_create(
            name=FEED, defaults={"last_txid": last.txid, "last_event_id": last.pk}
        )
        DailyIntake.objects.all().delete()
        CaseTiming.objects.all().delete()
        grouped = (
            Case.objects.annotate(day=TruncDate("received_at"))
            .values("day", "tenant_id", "org_unit_id", "service_key", "channel")
            .annotate(n=Count("id"))
            .order_by()
        )
        DailyIntake.objects.bulk_create(
            (
                DailyIntake(
                    day=g["day"],
                    tenant_id=g["tenant_id"] or 0,
                    org_unit_id=g["org_unit_id"] or 0,
                    service_key=g["service_key"],
                    channel=g["channel"],
                    count=g["n"],
                )
                for g in grouped.iterator(chunk_size=5000)
            ),
            batch_size=5000,
        )
        decided = dict(
            CaseEvent.objects.filter(after__status=CaseStatus.BESCHIEDEN)
            .values("case_id")
            .annotate(at=Min("at"))
            .values_list("case_id", "at")
        )
        closed = dict(
            Case.objects.filter(status=CaseStatus.ABGESCHLOSSEN).values_list("id", "status_since")
        )
        timings = (
            CaseTiming(
                case_id=row["id"],
                tenant_id=row["tenant_id"],
                service_key=row["service_key"],
                received_at=row["received_at"],
                decided_at=decided.get(row["id"]),
                closed_at=closed.get(row["id"]),
            )
            for row in Case.objects.values(
                "id", "tenant_id", "service_key", "received_at"
            ).iterator(chunk_size=5000)
        )
        CaseTiming.objects.bulk_create(timings, batch_size=5000)
    return {
        "daily_rows": DailyIntake.objects.count(),
        "timings": CaseTiming.objects.count(),
        "received": DailyIntake.objects.aggregate(n=Sum("count"))["n"] or 0,
    }
