"""Feed delivery under load (`make bench-feeds`): concurrent case transitions, many of them in
transactions that commit out of id order, while two worker processes run the feeds. Counts
afterwards what each consumer saw: every history event reached the webhook receiver (an
idempotent one: it counts event ids) exactly once, and every closed case was filed to the
DMS drop folder exactly once. Exits non-zero on any loss or duplicate. PostgreSQL, a
database of its own (``openvorgang_bench_feeds``); sizes from the environment
(``BENCH_FEED_CASES``, ``BENCH_FEED_THREADS``); ``make test`` runs it with tiny sizes."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import psycopg

PG_ADMIN = os.environ.get("BENCH_PG_ADMIN", "postgres://postgres@127.0.0.1:5432/postgres")
PG_DB = "openvorgang_bench_feeds"
PG_URL = PG_ADMIN.rsplit("/", 1)[0] + "/" + PG_DB
CASES = int(os.environ.get("BENCH_FEED_CASES", "300"))
THREADS = int(os.environ.get("BENCH_FEED_THREADS", "8"))
TIMEOUT = float(os.environ.get("BENCH_FEED_TIMEOUT", "300"))
BIN = Path(sys.executable).parent
STEPS = ["annehmen", "bearbeiten", "bescheiden", "abschliessen"]


class Receiver:
    """The webhook receiver: counts each event id (an idempotent consumer's view)."""

    def __init__(self) -> None:
        self.seen: Counter[str] = Counter()
        self.lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                with receiver.lock:
                    receiver.seen[body["id"]] += 1
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


def _env(work: Path) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "openvorgang.conf.dev",
        "OPENVORGANG_DEBUG": "false",
        "DATABASE_URL": PG_URL,
        "OPENVORGANG_DATA_DIR": str(work),
        "OPENVORGANG_WEBHOOK_SECONDS": "1",
        "OPENVORGANG_NOTIFY_SECONDS": "1",
        "OPENVORGANG_STATS_SECONDS": "1",
        "OPENVORGANG_EGRESS_ALLOW": "127.0.0.0/8",
        "OPENVORGANG_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    }


def _fresh_database() -> None:
    with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {PG_DB} WITH (FORCE)")
        admin.execute(f"CREATE DATABASE {PG_DB}")


def _setup(receiver: Receiver, folder: Path) -> list[object]:
    from openvorgang.accounts.models import Role
    from openvorgang.cases.models import CaseStatus
    from openvorgang.records.models import Connector, Purpose
    from openvorgang.testing.factories import OrgUnitFactory, TenantFactory, UserFactory, make_case
    from openvorgang.webhooks.models import Subscription

    tenant = TenantFactory(slug="bench", name="Stadt Bench", case_number_prefix="BE")
    unit = OrgUnitFactory(tenant=tenant, name="Gewerbeamt")
    worker = UserFactory(
        tenant=tenant, username="sb", org_units=[unit], roles=[Role.SACHBEARBEITUNG]
    )
    Subscription.objects.create(
        tenant=tenant, name="FV", url=receiver.url, secret="s" * 32, events=["case.status_changed"]
    )
    folder.mkdir(parents=True, exist_ok=True)
    Connector.objects.create(
        tenant=tenant,
        name="E-Akte",
        purpose=Purpose.DMS,
        kind="dropfolder",
        target=str(folder),
        export_on_close=True,
    )
    cases = [make_case(org_unit=unit, status=CaseStatus.NEU, files=False) for _ in range(CASES)]
    return [worker, cases]


def _walk(cases: list[object], actor: object, errors: list[str]) -> None:
    """Walk each case through its steps; every other step inside a transaction held open a
    little, so later transactions overtake it (commits out of id order)."""
    from django.db import connection, transaction
    from django.utils import timezone

    from openvorgang.cases.services import case_transition
    from openvorgang.decisions.services import decision_record_external

    try:
        for case in cases:
            for step in STEPS:
                with transaction.atomic():
                    case.refresh_from_db()
                    if step == "bescheiden":  # only with a decision: recorded as issued outside
                        decision_record_external(
                            case=case,  # type: ignore[arg-type]
                            actor=actor,  # type: ignore[arg-type]
                            kind="approval",
                            reference=f"B-{case.pk}",  # type: ignore[attr-defined]
                            issued_on=timezone.localdate(),
                        )
                    else:
                        case_transition(case=case, actor=actor, action=step)
                    if random.random() < 0.5:
                        time.sleep(random.uniform(0.02, 0.15))
    except Exception as exc:  # reported, the run fails
        errors.append(f"{type(exc).__name__}: {exc}")
    finally:
        connection.close()


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="openvorgang-bench-feeds-"))
    env = _env(work)
    os.environ.update(env)
    _fresh_database()
    subprocess.run([BIN / "openvorgang", "migrate", "--no-input", "-v", "0"], env=env, check=True)

    import django

    django.setup()
    from django.conf import settings

    from openvorgang.cases.models import CaseEvent, EventKind
    from openvorgang.records.models import Export
    from openvorgang.webhooks.feed import NAMESPACE

    receiver = Receiver()
    folder = Path(settings.OPENVORGANG_FOLDER_ROOT.format(tenant="bench"))
    actor, cases = _setup(receiver, folder)
    workers = [
        subprocess.Popen(
            [BIN / "openvorgang", "worker", "--poll", "0.2", "--name", f"bench-{i}"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for i in range(2)
    ]
    started = time.monotonic()
    errors: list[str] = []
    chunks = [cases[i::THREADS] for i in range(THREADS)]
    threads = [threading.Thread(target=_walk, args=(c, actor, errors)) for c in chunks]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    walked = time.monotonic() - started

    status_events = list(
        # a decision is a status change too (to BESCHIEDEN)
        CaseEvent.objects.filter(kind__in=[EventKind.STATUS, EventKind.DECISION]).values_list(
            "pk", flat=True
        )
    )
    expected = {
        str(uuid.uuid5(NAMESPACE, f"event-{pk}:case.status_changed")) for pk in status_events
    }
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        filed = Export.objects.filter(state="sent").count()
        if expected <= set(receiver.seen) and filed >= CASES:
            break
        time.sleep(0.5)
    time.sleep(2)  # anything late (a duplicate) would arrive now
    for process in workers:
        process.terminate()
    for process in workers:
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    drained = time.monotonic() - started

    missing = expected - set(receiver.seen)
    duplicates = {k: n for k, n in receiver.seen.items() if n > 1}
    unexpected = set(receiver.seen) - expected
    per_case = Counter(Export.objects.values_list("case_id", flat=True))
    files = sorted(p.name for p in folder.glob("*.zip"))
    lost_files = CASES - len(per_case)
    twice_filed = sum(1 for n in per_case.values() if n > 1)
    print(
        f"OpenVorgang feed benchmark: {CASES} cases x {len(STEPS)} transitions by {THREADS} "
        f"threads (half held open 20-150 ms), two worker processes, PostgreSQL"
    )
    print(f"  transitions walked in {walked:.1f} s; all consumers drained after {drained:.1f} s")
    print(
        f"  webhook events: {len(expected)} expected, {len(receiver.seen)} received, "
        f"{len(missing)} missing, {len(duplicates)} duplicated, {len(unexpected)} unexpected"
    )
    print(
        f"  DMS filing: {CASES} closed, {len(per_case)} filed, {lost_files} missing, "
        f"{twice_filed} filed twice, {len(files)} packages in the folder"
    )
    problems = errors or missing or duplicates or unexpected or lost_files or twice_filed
    if problems:
        print(f"  FAILED: {errors[:3]}")
        sys.exit(1)
    print("  every event reached each consumer exactly once")


if __name__ == "__main__":
    main()
