"""Routing benchmark (`make bench-routing`): a directory of 15,000 regions and 20,000
responsibility rules, then routing of random submissions (service + Gemeinde key) through
the in-memory snapshot. Prints the directory size, the snapshot's build time and the average
and p99 routing cost. Runs on a throw-away SQLite database (the snapshot does not depend on the
database); set BENCH_DATABASE_URL to use PostgreSQL."""

from __future__ import annotations

import os
import random
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

REGIONS = int(os.environ.get("BENCH_REGIONS", "15000"))
RULES = int(os.environ.get("BENCH_RULES", "20000"))
LOOKUPS = int(os.environ.get("BENCH_LOOKUPS", "100000"))


def _setup_django(workdir: Path) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openvorgang.conf.dev")
    os.environ["DATABASE_URL"] = os.environ.get(
        "BENCH_DATABASE_URL", f"sqlite:///{workdir / 'routing.sqlite3'}"
    )
    os.environ["OPENVORGANG_DATA_DIR"] = str(workdir)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _build_directory(rnd: random.Random) -> tuple[list[str], list[str]]:
    from django.db import transaction

    from openvorgang.directory import snapshot
    from openvorgang.directory.models import Region, Responsibility, Service
    from openvorgang.tenants.models import OrgUnit, Tenant

    with transaction.atomic():
        land = Region.objects.create(ars="010000000000", ags="01", name="Land", kind="land")
        kreise = [
            Region(ars=f"01{k:03d}0000000", name=f"Kreis {k}", kind="kreis", parent=land)
            for k in range(1, 16)
        ]
        Region.objects.bulk_create(kreise)
        kreise = list(Region.objects.filter(kind="kreis"))
        aemter = [
            Region(ars=f"{k.ars[:5]}{a:04d}000", name=f"Amt {k.ars[:5]}-{a}", kind="amt", parent=k)
            for k in kreise
            for a in range(1, 61)
        ]
        Region.objects.bulk_create(aemter)
        aemter = list(Region.objects.filter(kind="amt"))
        per_amt = max(1, -(-(REGIONS - 16 - len(aemter)) // len(aemter)))
        gemeinden = [
            Region(
                ars=f"{a.ars[:9]}{g:03d}",
                ags=f"{a.ars[:5]}{(a.pk * per_amt + g) % 1000:03d}",
                name=f"Gemeinde {a.ars[:9]}-{g}",
                kind="gemeinde",
                parent=a,
            )
            for a in aemter
            for g in range(1, per_amt + 1)
        ]
        Region.objects.bulk_create(gemeinden, batch_size=2000)
        services = [Service(leika_key=f"99{i:012d}", name=f"Leistung {i}") for i in range(400)]
        Service.objects.bulk_create(services)
        services = list(Service.objects.all())
        tenants = [
            Tenant(
                slug=f"t{i}", name=f"Mandant {i}", kind="amt", ars=a.ars, case_number_prefix=f"T{i}"
            )
            for i, a in enumerate(aemter[:300])
        ]
        Tenant.objects.bulk_create(tenants)
        units = [
            OrgUnit(tenant=t, name=f"Amt {j}", oe_id=f"{t.slug}-{j}")
            for t in Tenant.objects.all()
            for j in range(5)
        ]
        OrgUnit.objects.bulk_create(units)
        units = list(OrgUnit.objects.all())
        gemeinde_rows = list(Region.objects.filter(kind="gemeinde"))
        common = services[:100]  # most submissions are for a few services, as in real life
        seen: set[tuple[int, int, int]] = set()
        rules = []
        while len(rules) < RULES:
            level = rnd.random()
            region = rnd.choice(kreise if level < 0.1 else aemter if level < 0.7 else gemeinde_rows)
            key = (rnd.choice(common).pk, region.pk, rnd.choice(units).pk)
            if key not in seen:
                seen.add(key)
                rules.append(
                    Responsibility(service_id=key[0], region_id=key[1], org_unit_id=key[2])
                )
        Responsibility.objects.bulk_create(rules, batch_size=2000)
        snapshot.changed()
    return [s.leika_key for s in services], list(
        Region.objects.filter(kind="gemeinde").values_list("ars", flat=True)
    )


def main() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    rnd = random.Random(2026)
    with tempfile.TemporaryDirectory(prefix="ov-routing-") as tmp:
        _setup_django(Path(tmp))
        keys, gemeinden = _build_directory(rnd)
        from openvorgang.directory import snapshot
        from openvorgang.directory.models import Region, Responsibility
        from openvorgang.directory.routing import route

        tracemalloc.start()
        started = time.perf_counter()
        snap = snapshot.build()
        build_s = time.perf_counter() - started
        memory = tracemalloc.get_traced_memory()[0]
        tracemalloc.stop()
        asks = [(rnd.sample(keys[:120], 2), rnd.choice(gemeinden)) for _ in range(LOOKUPS)]
        for leika, ars in asks[:1000]:  # warm up
            route(leika_keys=leika, ars=ars, snap=snap)
        timings = []
        outcomes: dict[str, int] = {}
        total_started = time.perf_counter()
        for leika, ars in asks:
            t0 = time.perf_counter()
            decision = route(leika_keys=leika, ars=ars, snap=snap)
            timings.append(time.perf_counter() - t0)
            outcomes[decision.step] = outcomes.get(decision.step, 0) + 1
        total = time.perf_counter() - total_started
        timings.sort()
        print("OpenVorgang routing benchmark (Zuständigkeitsfindung)")
        print(
            f"directory    : {Region.objects.count():,} regions, "
            f"{Responsibility.objects.count():,} responsibility rules, {len(keys)} services"
        )
        print(f"snapshot     : built in {build_s * 1000:.0f} ms, {memory / 2**20:.1f} MB")
        print(
            f"routing      : {LOOKUPS:,} submissions (2 LeiKa keys + Gemeinde ARS each), "
            f"avg {statistics.fmean(timings) * 1e6:.1f} µs, "
            f"p99 {timings[int(0.99 * len(timings))] * 1e6:.1f} µs, "
            f"{LOOKUPS / total:,.0f} per second"
        )
        print(f"outcomes     : {dict(sorted(outcomes.items()))}")


if __name__ == "__main__":
    main()
