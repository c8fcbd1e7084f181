"""xdomea export benchmark (`make bench-xdomea`).

1. Memory: one case with 10 files totalling 20 MB is exported (package built, validated,
   stored, delivered to a drop folder) in this process; prints the growth of the process's
   peak RSS and the Python heap peak (target: < 50 MB).
2. Throughput: 1,000 ordinary cases (application PDF, one attachment, a short history) are
   exported to a drop folder by BENCH_WORKERS worker processes (default 2, the machine's
   cores); prints the wall time until all are delivered (target: < 60 s).

Runs on PostgreSQL (database openvorgang_bench_xdomea, recreated each run; BENCH_PG_URL to
point elsewhere) with files in a temporary folder."""

from __future__ import annotations

import io
import multiprocessing
import os
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

CASES = int(os.environ.get("BENCH_CASES", "1000"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))
PG_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/postgres")
DB_NAME = "openvorgang_bench_xdomea"


def _db_url() -> str:
    return PG_URL.rsplit("/", 1)[0] + "/" + DB_NAME


def _recreate_database() -> None:
    import psycopg

    with psycopg.connect(PG_URL, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {DB_NAME}")


def _setup_django(workdir: Path) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "openvorgang.conf.dev"
    os.environ["DATABASE_URL"] = _db_url()
    os.environ["OPENVORGANG_DATA_DIR"] = str(workdir)
    os.environ["OPENVORGANG_LOG_LEVEL"] = "WARNING"
    import django

    django.setup()


def _pdf(size: int, seed: int) -> bytes:
    body = os.urandom(max(0, size - 40)) if size > 1000 else b"x" * max(0, size - 40)
    return b"%PDF-1.4\n%" + str(seed).encode() + b"\n" + body + b"\n%%EOF\n"


def _world():  # type: ignore[no-untyped-def]
    from openvorgang.accounts.models import Role
    from openvorgang.accounts.services import user_upsert
    from openvorgang.tenants.services import orgunit_upsert, tenant_upsert

    tenant, _ = tenant_upsert(
        name="Stadt Bench", kind="stadt", ars="010020000000", slug="bench", case_number_prefix="BE"
    )
    unit, _ = orgunit_upsert(tenant=tenant, name="Bürgeramt", oe_id="bench-1")
    user, _ = user_upsert(
        tenant=tenant,
        username="sb",
        password="bench-passwort-1",  # noqa: S106
        roles=[Role.SACHBEARBEITUNG],
        org_units=[unit],
    )
    return tenant, unit, user


def _case(unit, index: int, files: list[tuple[str, bytes]]):  # type: ignore[no-untyped-def]
    from openvorgang.cases import incoming, services
    from openvorgang.cases.models import Channel

    return services.case_create(
        data=incoming.NewCase(
            channel=Channel.API,
            tenant=unit.tenant,
            org_unit=unit,
            leika_keys=["99050012104000"],
            service_name="Gewerbeanmeldung",
            form_name="Gewerbeanmeldung",
            applicant=incoming.Applicant(
                name=f"Erika Muster {index}", street="Weg 1", postal_code="24103", city="Kiel"
            ),
            form_data=[{"name": "taetigkeit", "label": "Tätigkeit", "stringValue": "Handel"}],
            representation=incoming.IncomingFile(io.BytesIO(files[0][1]), files[0][0]),
            attachments=[incoming.IncomingFile(io.BytesIO(b), n) for n, b in files[1:]],
        )
    )


def _connector(tenant, folder: Path):  # type: ignore[no-untyped-def]
    from openvorgang.records.models import Connector

    folder.mkdir(parents=True, exist_ok=True)
    return Connector.objects.create(
        tenant=tenant, name="Ablage", purpose="dms", kind="dropfolder", target=str(folder)
    )


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def memory_part(workdir: Path) -> None:
    """Cases are made here; the export runs in a fresh interpreter (spawn) that never held the
    files, so its peak RSS growth is what exporting costs."""
    from django.db import connection

    from openvorgang.cases.services import case_transition

    tenant, unit, user = _world()
    files = [(f"Anlage-{i}.pdf", _pdf(2 * 1024 * 1024, i)) for i in range(10)]
    case = _case(unit, 0, files)
    del files
    for action in ("annehmen", "bearbeiten"):
        case_transition(case=case, actor=user, action=action)
    small = _case(unit, 1, [("Antrag.pdf", _pdf(20_000, 1))])
    connector = _connector(tenant, workdir / "ablage-gross")
    connection.close()
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    proc = context.Process(
        target=_export_measured,
        args=(str(workdir), str(case.pk), str(small.pk), connector.pk, queue),
    )
    proc.start()
    result = queue.get(timeout=600)
    proc.join()
    print(
        f"large case: 10 files, 20.0 MB -> package {result['size'] / 1e6:.1f} MB, state "
        f"{result['state']}, {result['seconds']:.2f} s"
    )
    print(
        f"  peak RSS growth {result['rss_growth']:.1f} MB, Python heap peak "
        f"{result['heap_peak'] / 1e6:.1f} MB (target < 50 MB)"
    )


def _export_measured(workdir: str, case_id: str, small_id: str, connector_id: int, queue) -> None:  # type: ignore[no-untyped-def]
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    _setup_django(Path(workdir))
    from openvorgang.accounts.models import User
    from openvorgang.cases.models import Case
    from openvorgang.jobs.worker import run_until_idle
    from openvorgang.records.models import Connector, Export
    from openvorgang.records.services import export_request

    user = User.objects.get(username="sb")
    connector = Connector.objects.get(pk=connector_id)
    # warm up imports, schema and fonts on a small case first
    export_request(case=Case.objects.get(pk=small_id), connector=connector, actor=user)
    run_until_idle("bench")
    rss_before = _rss_mb()
    tracemalloc.start()
    started = time.perf_counter()
    export = export_request(case=Case.objects.get(pk=case_id), connector=connector, actor=user)
    run_until_idle("bench")
    seconds = time.perf_counter() - started
    _, heap_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    export = Export.objects.get(pk=export.pk)
    queue.put(
        {
            "size": export.size,
            "state": export.state,
            "seconds": seconds,
            "rss_growth": _rss_mb() - rss_before,
            "heap_peak": heap_peak,
        }
    )


def _worker(workdir: str, stop_at: float) -> None:
    _setup_django(Path(workdir))
    from django.db import connection

    from openvorgang.jobs.worker import run_until_idle
    from openvorgang.records.models import Export

    while time.time() < stop_at:
        if run_until_idle(f"bench-{os.getpid()}") == 0:
            if not Export.objects.filter(state="queued").exists():
                break
            time.sleep(0.05)
    connection.close()


def throughput_part(workdir: Path) -> None:
    from django.db import connection

    from openvorgang.accounts.models import User
    from openvorgang.cases.models import Case
    from openvorgang.records.models import Export
    from openvorgang.records.services import export_request

    user = User.objects.get(username="sb")
    unit = user.org_units.get()
    connector = _connector(user.tenant, workdir / "ablage-viele")
    started = time.perf_counter()
    files = [("Antrag.pdf", _pdf(60_000, 0)), ("Nachweis.pdf", _pdf(25_000, 1))]
    for index in range(CASES):
        _case(unit, index + 10, files)
    print(f"{CASES} ordinary cases created in {time.perf_counter() - started:.1f} s")
    cases = list(Case.objects.filter(tenant=user.tenant, number__gte="BE").order_by("number"))
    cases = cases[-CASES:]
    connection.close()
    started = time.perf_counter()
    for case in cases:
        export_request(case=case, connector=connector, actor=user)
    queued = time.perf_counter() - started
    connection.close()
    started = time.perf_counter()
    context = multiprocessing.get_context("fork")
    procs = [
        context.Process(target=_worker, args=(str(workdir), time.time() + 600))
        for _ in range(WORKERS)
    ]
    for proc in procs:
        proc.start()
    for proc in procs:
        proc.join()
    elapsed = time.perf_counter() - started
    sent = Export.objects.filter(connector=connector, state="sent").count()
    landed = len(list((workdir / "ablage-viele").glob("*.zip")))
    print(
        f"{sent} of {CASES} exports delivered ({landed} packages in the folder) by {WORKERS} "
        f"workers in {elapsed:.1f} s (+{queued:.1f} s to queue them): "
        f"{sent / elapsed:.1f} cases/s, target < 60 s"
    )


def main() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    _recreate_database()
    with tempfile.TemporaryDirectory(prefix="ov-bench-xdomea-") as tmp:
        workdir = Path(tmp)
        _setup_django(workdir)
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        memory_part(workdir)
        throughput_part(workdir)


if __name__ == "__main__":
    main()
