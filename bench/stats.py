"""Statistics benchmark (`make bench-stats`): the statistics page at 1,000,000 cases.

Uses the UI benchmark's data set (database openvorgang_bench_ui, 1,000,000 cases in 100
tenants; generated on first use, a few minutes). Rebuilds the aggregates once (`stats
rebuild`, timed), then requests the statistics page as a tenant admin of the largest tenant
and as the Land operator (all tenants), 30 times each for 30 days and once for a whole year,
and prints p50/p95 of the server time."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.ui import BIN, PG_URL, _env, _prepare

ROUNDS = int(os.environ.get("BENCH_STATS_ROUNDS", "30"))


def _measure(client, paths: list[str]) -> list[float]:  # type: ignore[no-untyped-def]
    times = []
    for path in paths:
        started = time.perf_counter()
        answer = client.get(path)
        times.append((time.perf_counter() - started) * 1000)
        assert answer.status_code == 200, answer.status_code
    return times


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> None:
    workdir = Path(tempfile.mkdtemp(prefix="ov-bench-stats-"))
    env = _env(workdir)
    _prepare(env)
    started = time.perf_counter()
    if not os.environ.get("BENCH_STATS_SKIP_REBUILD"):
        subprocess.run(
            [str(BIN / "openvorgang"), "stats", "rebuild"],
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
    rebuild = time.perf_counter() - started
    import psycopg

    with psycopg.connect(PG_URL, autocommit=True) as conn:  # what autovacuum does in production
        for table in ("cases_case", "stats_dailyintake", "stats_casetiming"):
            conn.execute(f"VACUUM ANALYZE {table}")
    os.environ.update(env)
    os.environ["DJANGO_SETTINGS_MODULE"] = "openvorgang.conf.dev"
    os.environ["OPENVORGANG_LOG_LEVEL"] = "WARNING"
    os.environ["OPENVORGANG_REQUEST_LOG_LEVEL"] = "WARNING"
    import django

    django.setup()
    import datetime as dt

    from django.test import Client
    from django.utils import timezone

    from openvorgang.accounts.models import Role, User
    from openvorgang.cases.models import Case
    from openvorgang.tenants.models import Tenant

    today = timezone.localdate()
    tenant = Tenant.objects.get(slug="t1")
    admin, _ = User.objects.get_or_create(username="bench.admin", defaults={"tenant": tenant})
    admin.roles = [Role.MANDANTEN_ADMIN]
    admin.save()
    land, _ = User.objects.get_or_create(username="bench.land", defaults={"tenant": tenant})
    land.roles = [Role.LAND_BETRIEB]
    land.save()
    total = Case.objects.count()
    mine = Case.objects.filter(tenant=tenant).count()
    print(
        f"statistics benchmark: {total:,} cases in PostgreSQL ({PG_URL.rsplit('/', 1)[1]}), "
        f"tenant t1 holds {mine:,}; aggregates rebuilt in {rebuild:.1f} s"
    )
    for label, user in (("tenant t1", admin), ("Land, all tenants", land)):
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(user)
        client.get("/statistik/?von=2020-01-01&bis=2020-01-02")  # warm-up of the process
        for period, days, grain in (("30 days", 29, "tag"), ("12 months", 364, "monat")):
            # cold: each request a period not asked before (no reuse of computed figures)
            cold = [
                f"/statistik/?von={today - dt.timedelta(days=days + k)}"
                f"&bis={today - dt.timedelta(days=k)}&einheit={grain}"
                for k in range(ROUNDS)
            ]
            times = _measure(client, cold)
            warm = _measure(client, cold[:1] * ROUNDS)
            print(
                f"{label:<18} {period:<9}: computed p50 {statistics.median(times):6.1f} ms  "
                f"p95 {_pct(times, 0.95):6.1f} ms | reused p95 {_pct(warm, 0.95):5.1f} ms  "
                f"({ROUNDS} requests each)"
            )


if __name__ == "__main__":
    main()
