"""The figures of the statistics pages, from the aggregates (no personal data in any figure).
Every selector takes a ``Scope``, made only by ``scope_for`` from the signed-in user (like
``cases_visible_to``): a tenant's people see their tenant, Land operators one tenant or all of
them. There is no raw tenant id where "None" would silently mean every tenant."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth, TruncWeek
from django.utils import timezone
from django.utils.translation import gettext

from openvorgang.accounts.models import Role, User
from openvorgang.cases import workflow
from openvorgang.cases.models import Case, CaseStatus, Channel
from openvorgang.casework.models import FollowUp
from openvorgang.deadlines.models import CaseDeadline, DeadlineState
from openvorgang.directory.models import Service
from openvorgang.stats.models import CaseTiming, DailyIntake
from openvorgang.tenants.models import OrgUnit, Tenant

OPEN = workflow.OPEN  # the backlog's statuses
GRAINS = ("tag", "woche", "monat")
TOP = 15
DAY = 86400.0


TENANT_ROLES = (Role.MANDANTEN_ADMIN, Role.POSTSTELLE, Role.SACHBEARBEITUNG)


@dataclass(frozen=True)
class Scope:
    """Whose figures: ``tenant`` (None: all tenants, for Land operators only) and whether
    the Land view (rollout per tenant) applies."""

    tenant: Tenant | None
    land: bool

    @property
    def tenant_id(self) -> int | None:
        return self.tenant.pk if self.tenant is not None else None

    @property
    def key(self) -> str:
        return f"{self.tenant_id}:{self.land}"


def scope_for(*, user: User, tenant: str = "") -> Scope | None:
    """The statistics ``user`` may see (``tenant``: a Land operator's choice of one tenant,
    by id); None when the user may see none."""
    if user.has_role(Role.LAND_BETRIEB):
        chosen = Tenant.objects.filter(pk=int(tenant)).first() if tenant.isdecimal() else None
        return Scope(tenant=chosen, land=True)
    if user.tenant_id is not None and any(user.has_role(r) for r in TENANT_ROLES):
        return Scope(tenant=user.tenant, land=False)
    return None


@dataclass(frozen=True)
class Period:
    since: dt.date
    until: dt.date  # inclusive

    @property
    def days(self) -> int:
        return (self.until - self.since).days + 1

    @property
    def start(self) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(self.since, dt.time()))

    @property
    def end(self) -> dt.datetime:
        """The first moment after the period."""
        return timezone.make_aware(
            dt.datetime.combine(self.until + dt.timedelta(days=1), dt.time())
        )


def _intake(scope: Scope, period: Period) -> QuerySet[DailyIntake]:
    tenant_id = scope.tenant_id
    rows = DailyIntake.objects.filter(day__gte=period.since, day__lte=period.until)
    return rows.filter(tenant_id=tenant_id) if tenant_id is not None else rows


def intake_series(scope: Scope, period: Period, grain: str) -> list[tuple[str, int]]:
    rows = _intake(scope, period)
    if grain == "tag":
        found = dict(rows.values("day").annotate(n=Sum("count")).values_list("day", "n"))
        return [
            (f"{day:%d.%m.%Y}", int(found.get(day, 0)))
            for day in (period.since + dt.timedelta(days=i) for i in range(period.days))
        ]
    trunc = TruncWeek("day") if grain == "woche" else TruncMonth("day")
    found = {
        (k.date() if isinstance(k, dt.datetime) else k): n
        for k, n in rows.annotate(b=trunc)
        .values("b")
        .annotate(n=Sum("count"))
        .values_list("b", "n")
    }
    out, start = [], period.since
    if grain == "woche":
        start -= dt.timedelta(days=start.weekday())
    else:
        start = start.replace(day=1)
    while start <= period.until:
        label = (
            f"KW {start.isocalendar()[1]}/{start.isocalendar()[0]}"
            if grain == "woche"
            else (f"{start:%m/%Y}")
        )
        out.append((label, int(found.get(start, 0))))
        if grain == "woche":
            start += dt.timedelta(days=7)
        else:
            start = (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return out


def _names(dimension: str, keys: list[Any]) -> dict[Any, str]:
    if dimension == "service_key":
        return dict(Service.objects.filter(leika_key__in=keys).values_list("leika_key", "name"))
    if dimension == "org_unit_id":
        return dict(OrgUnit.objects.filter(pk__in=keys).values_list("pk", "name"))
    if dimension == "tenant_id":
        return dict(Tenant.objects.filter(pk__in=keys).values_list("pk", "name"))
    return {c.value: str(c.label) for c in Channel}


def intake_by(scope: Scope, period: Period, dimension: str) -> list[tuple[str, int]]:
    grouped = list(
        _intake(scope, period)
        .values(dimension)
        .annotate(n=Sum("count"))
        .order_by("-n")
        .values_list(dimension, "n")
    )
    names = _names(dimension, [k for k, _ in grouped[:TOP]])
    rows = [(names.get(k) or (str(k) if k else "ohne Zuordnung"), int(n)) for k, n in grouped[:TOP]]
    rest = sum(int(n) for _, n in grouped[TOP:])
    return rows + ([("übrige", rest)] if rest else [])


def backlog(scope: Scope) -> list[tuple[str, int]]:
    tenant_id = scope.tenant_id
    """Open cases by status (exact counts over the (tenant, status, …) index)."""
    cases = Case.objects.filter(status__in=OPEN)
    if tenant_id is not None:
        cases = cases.filter(tenant_id=tenant_id)
    found = dict(cases.values("status").annotate(n=Count("*")).values_list("status", "n"))
    return [(str(CaseStatus(s).label), int(found.get(s, 0))) for s in OPEN]


@dataclass(frozen=True)
class Timing:
    service: str
    count: int
    median_days: float | None
    p90_days: float | None


def _percentiles_pg(tenant_id: int | None, period: Period, column: str) -> list[tuple[Any, ...]]:
    table = CaseTiming._meta.db_table
    where = f"{column} >= %s AND {column} < %s"
    params: list[Any] = [period.start, period.end]
    if tenant_id is not None:
        where += " AND tenant_id = %s"
        params.append(tenant_id)
    sql = (
        f"SELECT service_key, count(*), "  # noqa: S608 - column and table are constants # nosec B608
        f"percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM {column} - received_at)), "
        f"percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM {column} - received_at)) "
        f"FROM {table} WHERE {where} GROUP BY service_key ORDER BY count(*) DESC"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())


def _percentiles_py(tenant_id: int | None, period: Period, column: str) -> list[tuple[Any, ...]]:
    rows = CaseTiming.objects.filter(
        **{f"{column}__gte": period.start, f"{column}__lt": period.end}
    )
    if tenant_id is not None:
        rows = rows.filter(tenant_id=tenant_id)
    durations: dict[str, list[float]] = {}
    for key, received, done in rows.values_list("service_key", "received_at", column).iterator():
        durations.setdefault(key, []).append((done - received).total_seconds())
    out = []
    for key, values in sorted(durations.items(), key=lambda kv: -len(kv[1])):
        out.append((key, len(values), _quantile(values, 0.5), _quantile(values, 0.9)))
    return out


def _quantile(values: list[float], q: float) -> float:
    """Linear interpolation between closest ranks, as PostgreSQL's percentile_cont."""
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    position = q * (len(ordered) - 1)
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def processing_times(scope: Scope, period: Period, until: str) -> list[Timing]:
    tenant_id = scope.tenant_id
    """Days from receipt to decision (``until`` = "decided_at") or to closing ("closed_at") of
    the cases decided/closed in the period, per service: median and 90th percentile."""
    compute = _percentiles_pg if connection.vendor == "postgresql" else _percentiles_py
    rows = compute(tenant_id, period, until)
    names = _names("service_key", [r[0] for r in rows[:TOP]])
    return [
        Timing(
            service=names.get(key) or key or "ohne Leistung",
            count=int(count),
            median_days=round(float(median) / DAY, 1) if median is not None else None,
            p90_days=round(float(p90) / DAY, 1) if p90 is not None else None,
        )
        for key, count, median, p90 in rows[:TOP]
    ]


def overdue_follow_ups(scope: Scope, today: dt.date) -> int:
    tenant_id = scope.tenant_id
    due = FollowUp.objects.filter(done_at__isnull=True, due_on__lt=today)
    if tenant_id is not None:
        due = due.filter(case__tenant_id=tenant_id)
    return due.count()


@dataclass(frozen=True)
class TenantFigures:
    name: str
    active: bool
    received: int
    services_live: int


def rollout(scope: Scope, period: Period) -> list[TenantFigures]:
    """Per tenant: received in the period and online services live (services with at least
    one submission in the period); sorted by services live, then volume. Land view only."""
    if not scope.land:
        raise PermissionError(
            gettext("Die Übersicht aller Mandanten ist dem Landesbetrieb vorbehalten.")
        )
    scope = Scope(tenant=None, land=True)  # every tenant, whichever one is being looked at
    volume = dict(
        _intake(scope, period)
        .values("tenant_id")
        .annotate(n=Sum("count"))
        .values_list("tenant_id", "n")
    )
    services = dict(
        _intake(scope, period)
        .exclude(service_key="")
        .values("tenant_id")
        .annotate(n=Count("service_key", distinct=True))
        .values_list("tenant_id", "n")
    )
    figures = [
        TenantFigures(t.name, t.active, int(volume.get(t.pk, 0)), int(services.get(t.pk, 0)))
        for t in Tenant.objects.order_by("name")
    ]
    return sorted(figures, key=lambda f: (-f.services_live, -f.received, f.name))


@dataclass(frozen=True)
class Adherence:
    """Deadline adherence of one service: deadlines that ended in the period, how many of
    them in time, and how many running ones are overdue now."""

    service_key: str
    service: str
    ended: int
    in_time: int
    overdue_now: int

    @property
    def percent(self) -> int | None:
        return round(100 * self.in_time / self.ended) if self.ended else None


def deadline_adherence(
    scope: Scope, period: Period, today: dt.date, *, limit: int = 50
) -> list[Adherence]:
    """Per service, the services with most deadlines first (at most ``limit``)."""
    deadlines = CaseDeadline.objects.all()
    if scope.tenant_id is not None:
        deadlines = deadlines.filter(tenant_id=scope.tenant_id)
    ended = (
        deadlines.filter(
            state=DeadlineState.ENDED, ended_on__gte=period.since, ended_on__lte=period.until
        )
        .values("service_key")
        .annotate(
            n=Count("pk"),
            in_time=Count("pk", filter=Q(due_on__isnull=True) | Q(ended_on__lte=F("due_on"))),
        )
        .order_by()
    )
    overdue = (
        deadlines.filter(state=DeadlineState.RUNNING, due_on__lt=today)
        .values("service_key")
        .annotate(n=Count("pk"))
        .order_by()
    )
    rows: dict[str, list[int]] = {}
    for row in ended:
        rows[row["service_key"]] = [row["n"], row["in_time"], 0]
    for row in overdue:
        rows.setdefault(row["service_key"], [0, 0, 0])[2] = row["n"]
    names = _names("service_key", list(rows))
    result = [
        Adherence(
            service_key=key,
            service=names.get(key, key),
            ended=n,
            in_time=in_time,
            overdue_now=late,
        )
        for key, (n, in_time, late) in rows.items()
    ]
    result.sort(key=lambda a: (-(a.ended + a.overdue_now), a.service))
    return result[:limit]
