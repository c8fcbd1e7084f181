"""Statistics pages: a tenant's figures (tenant admins, mail room, caseworkers: no personal
data in them) and the Land's view across tenants (Land operators); CSV and XLSX export."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from openvorgang.accounts.access import signed_in
from openvorgang.stats import selectors
from openvorgang.stats.selectors import GRAINS, Period, Scope
from openvorgang.tenants.models import Tenant

MAX_DAYS = 3 * 366


def _period(request: HttpRequest, problems: list[str]) -> Period:
    today = timezone.localdate()
    default = Period(today - dt.timedelta(days=29), today)

    def parse(name: str, fallback: dt.date) -> dt.date:
        raw = request.GET.get(name, "")
        if not raw:
            return fallback
        try:
            return dt.date.fromisoformat(raw)
        except ValueError:
            problems.append(f"„{raw}“ ist kein Datum (JJJJ-MM-TT).")
            return fallback

    period = Period(parse("von", default.since), parse("bis", default.until))
    if period.since > period.until:
        problems.append("Der Beginn liegt nach dem Ende; es gelten die letzten 30 Tage.")
        return default
    if period.days > MAX_DAYS:
        problems.append("Höchstens drei Jahre auf einmal; es gelten die letzten 30 Tage.")
        return default
    return period


def figures(scope: Scope, period: Period, grain: str) -> dict[str, Any]:
    """The tables for a scope and period, reused for OPENVORGANG_STATS_CACHE_SECONDS (the
    aggregates themselves move only every OPENVORGANG_STATS_SECONDS)."""
    key = f"stats:{scope.key}:{period.since}:{period.until}:{grain}"
    seconds = settings.OPENVORGANG_STATS_CACHE_SECONDS
    cached = cache.get(key) if seconds else None
    if cached is not None:
        return cached
    tables = _compute(scope, period, grain)
    if seconds:
        cache.set(key, tables, seconds)
    return tables


def _compute(scope: Scope, period: Period, grain: str) -> dict[str, Any]:
    tables: dict[str, Any] = {
        "eingaenge": selectors.intake_series(scope, period, grain),
        "leistungen": selectors.intake_by(scope, period, "service_key"),
        "kanaele": selectors.intake_by(scope, period, "channel"),
        "bestand": selectors.backlog(scope),
        "bescheid_dauer": selectors.processing_times(scope, period, "decided_at"),
        "abschluss_dauer": selectors.processing_times(scope, period, "closed_at"),
        "fristen": selectors.deadline_adherence(scope, period, timezone.localdate()),
    }
    if scope.tenant is not None:
        tables["organisationseinheiten"] = selectors.intake_by(scope, period, "org_unit_id")
    if scope.land and scope.tenant is None:
        tables["mandanten"] = selectors.rollout(scope, period)
    return tables


@require_GET
@login_required
def statistics_page(request: HttpRequest) -> HttpResponse:
    user = signed_in(request)
    scope = selectors.scope_for(user=user, tenant=request.GET.get("mandant", ""))
    if scope is None:
        raise Http404
    problems: list[str] = []
    period = _period(request, problems)
    grain = request.GET.get("einheit", "tag")
    if grain not in GRAINS:
        problems.append("Unbekannte Einheit; es gilt „Tag“.")
        grain = "tag"
    tables = figures(scope, period, grain)
    fmt = request.GET.get("format", "")
    if fmt == "csv":
        return _csv(tables, request.GET.get("tabelle", "eingaenge"), period)
    if fmt == "xlsx":
        return _xlsx(tables, period)
    received = sum(n for _, n in tables["eingaenge"])
    overdue = selectors.overdue_follow_ups(scope, timezone.localdate())
    mandanten = tables.get("mandanten") or []
    return render(
        request,
        "stats/page.html",
        {
            "tables": tables,
            "period": period,
            "grain": grain,
            "grains": GRAINS,
            "problems": problems,
            "land": scope.land,
            "tenant": scope.tenant,
            "tenants": Tenant.objects.order_by("name") if scope.land else [],
            "received": received,
            "overdue": overdue,
            "tenants_live": sum(1 for t in mandanten if t.received),
            "busiest": sorted(mandanten, key=lambda t: -t.received)[:10],
            "query": request.GET.urlencode(),
        },
    )


def rows_of(name: str, value: Any) -> tuple[list[str], list[list[Any]]]:
    if name in ("bescheid_dauer", "abschluss_dauer"):
        return (
            ["Leistung", "Anzahl", "Median (Tage)", "90. Perzentil (Tage)"],
            [[t.service, t.count, t.median_days, t.p90_days] for t in value],
        )
    if name == "fristen":
        return (
            ["Leistung", "beendet", "davon fristgerecht", "Anteil (%)", "jetzt überfällig"],
            [[a.service, a.ended, a.in_time, a.percent, a.overdue_now] for a in value],
        )
    if name == "mandanten":
        return (
            ["Mandant", "aktiv", "Eingänge", "Online-Dienste live"],
            [[t.name, "ja" if t.active else "nein", t.received, t.services_live] for t in value],
        )
    return ["Bezeichnung", "Anzahl"], [[label, n] for label, n in value]


def _csv(tables: dict[str, Any], name: str, period: Period) -> HttpResponse:
    if name not in tables:
        raise Http404
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    header, rows = rows_of(name, tables[name])
    writer.writerow(header)
    writer.writerows(rows)
    response = HttpResponse(out.getvalue().encode("utf-8-sig"), content_type="text/csv")
    response["Content-Disposition"] = (
        f'attachment; filename="statistik-{name}-{period.since}-{period.until}.csv"'
    )
    return response


def _xlsx(tables: dict[str, Any], period: Period) -> HttpResponse:
    import xlsxwriter

    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    bold = book.add_format({"bold": True})
    for name, value in tables.items():
        sheet = book.add_worksheet(name[:31])
        header, rows = rows_of(name, value)
        sheet.write_row(0, 0, header, bold)
        for i, row in enumerate(rows, start=1):
            sheet.write_row(i, 0, row)
        sheet.set_column(0, 0, 40)
    book.close()
    response = HttpResponse(
        out.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="statistik-{period.since}-{period.until}.xlsx"'
    )
    return response
