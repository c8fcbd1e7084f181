"""Caseworker UI benchmark (`make bench-ui`): 1,000,000 cases in PostgreSQL across 100 tenants,
16 concurrent signed-in users against gunicorn. Prints p50/p95 of

* the list view of one tenant, filtered and sorted,
* the full-text search,
* the detail page of a case with 50 history entries and 20 files,

measured at the client over the loopback (the server time plus well under a millisecond).
The data set is generated once with SQL (a few minutes) and kept in the database
`openvorgang_bench_ui`; BENCH_UI_REBUILD=1 generates it again."""

from __future__ import annotations

import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import psycopg

PG_ADMIN = os.environ.get("BENCH_PG_ADMIN", "postgres://postgres@127.0.0.1:5432/postgres")
CASES = int(os.environ.get("BENCH_UI_CASES", "1000000"))
# one database per size: a smoke run with tiny sizes never touches the big data set
PG_DB = f"openvorgang_bench_ui_{CASES}"
PG_URL = PG_ADMIN.rsplit("/", 1)[0] + "/" + PG_DB
TENANTS = 100
USERS = int(os.environ.get("BENCH_UI_USERS", "16"))
REQUESTS = int(os.environ.get("BENCH_UI_REQUESTS", "800"))
THINK = float(os.environ.get("BENCH_UI_THINK_SECONDS", "1"))
BIN = Path(sys.executable).parent
NAMES = ["Schäfer", "Müller", "Schmidt", "Jensen", "Petersen", "Hansen", "Öztürk", "Nielsen",
         "Meier", "Lange", "Krüger", "Brandt", "Böhm", "Voß", "Thomsen", "Carstensen"]  # fmt: skip
ONSETS = ["Brö", "Ha", "Jan", "Kä", "Lü", "Mö", "Pe", "Ro", "Thie", "Wi"]
MIDDLES = ["der", "ken", "ling", "ber", "ter", "sen", "mer", "gel", "del", "ner"]
ENDINGS = ["s", "mann", "ing", "t", "er", "sen", "horst", "kamp", "dorf", "feld"]
FIRST = ["Jürgen", "Maria", "Sönke", "Anke", "Björn", "Frauke", "Jörg", "Heike", "Kai", "Inga"]


def _env(workdir: Path) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": PG_URL,
        "OPENVORGANG_DATA_DIR": str(workdir),
        "OPENVORGANG_SECRET_KEY": "bench-only-secret-" + "x" * 40,
        "OPENVORGANG_SSL_REDIRECT": "false",
        "DJANGO_SETTINGS_MODULE": "openvorgang.conf.production",
        "OPENVORGANG_LOG_LEVEL": "WARNING",
    }


def _database_state() -> str:
    """ "missing" (no database of this size yet), "ready", or "incomplete" (a generation that
    did not finish). Only a missing set is generated without being asked: a broken
    connection is an error, and an incomplete set is regenerated only with BENCH_UI_REBUILD."""
    try:
        conn = psycopg.connect(PG_URL)
    except psycopg.OperationalError as exc:
        if f'database "{PG_DB}" does not exist' in str(exc):
            return "missing"
        raise
    with conn:
        row = conn.execute("SELECT count(*) FROM cases_case").fetchone()
    return "ready" if row and row[0] >= CASES else "incomplete"


def _prepare(env: dict[str, str]) -> None:
    state = "rebuild" if os.environ.get("BENCH_UI_REBUILD") else _database_state()
    if state == "incomplete":
        raise SystemExit(f"{PG_DB} is incomplete; BENCH_UI_REBUILD=1 regenerates it")
    if state != "ready":
        _generate(env)
    # the code may be newer than the kept data set
    subprocess.run([str(BIN / "openvorgang"), "migrate", "--no-input", "-v0"], env=env, check=True)
    _deadlines()
    # what autovacuum does in production (an insert-only table is vacuumed too): the visibility
    # map lets the capped counts read the index alone
    with psycopg.connect(PG_URL, autocommit=True) as conn:
        for table in ("cases_case", "search_casesearch"):
            conn.execute(f"VACUUM ANALYZE {table}")


def _deadlines() -> None:
    """Processing deadlines for the open cases (a data set kept from before they existed gets
    them here): one Land rule of three months; every open case has a deadline from its
    receipt, one in ten of them paused (no due date), the rest running, many overdue."""
    with psycopg.connect(PG_URL, autocommit=True) as conn:
        if conn.execute("SELECT 1 FROM deadlines_casedeadline LIMIT 1").fetchone():
            return
        started = time.monotonic()
        conn.execute(
            """INSERT INTO directory_service (leika_key, name, "group")
               VALUES ('99050012104000', 'Gewerbe Anmeldung', '') ON CONFLICT DO NOTHING"""
        )
        conn.execute(
            """INSERT INTO directory_deadlinerule (service_id, tenant_id, amount, unit, starts,
                   fiction, extension_allowed, legal_basis, applies, valid_from, changed_by_name,
                   note)
               SELECT s.id, NULL, 3, 'monate', 'eingang', true, true, '', true,
                      now() - interval '5 years', 'bench', ''
               FROM directory_service s WHERE s.leika_key = '99050012104000'
                 AND NOT EXISTS (SELECT 1 FROM directory_deadlinerule r WHERE r.service_id = s.id
                                 AND r.tenant_id IS NULL AND r.valid_until IS NULL)"""
        )
        conn.execute(
            """INSERT INTO deadlines_casedeadline (case_id, tenant_id, service_key, rule_id,
                   region, received_on, complete_by_name, extension_unit, extension_reason,
                   extended_by_name, state, due_on, outcome, started_at)
               SELECT c.id, c.tenant_id, c.service_key, r.id, 'SH', c.received_at::date, '', '',
                      '', '', CASE WHEN hashtext(c.number) % 10 = 0 THEN 'gehemmt' ELSE 'laeuft'
                      END,
                      CASE WHEN hashtext(c.number) % 10 = 0 THEN NULL
                           ELSE (c.received_at + interval '3 months')::date END,
                      '', c.received_at
               FROM cases_case c, directory_deadlinerule r
               JOIN directory_service s ON s.id = r.service_id
               WHERE c.status IN ('NEU', 'ANGENOMMEN', 'IN_BEARBEITUNG')
                 AND s.leika_key = '99050012104000' AND r.tenant_id IS NULL
                 AND r.valid_until IS NULL"""
        )
        conn.execute(
            """UPDATE cases_case c SET due_on = d.due_on FROM deadlines_casedeadline d
               WHERE d.case_id = c.id AND d.state = 'laeuft'"""
        )
        conn.execute("VACUUM ANALYZE deadlines_casedeadline")
        print(f"gave the open cases their deadlines in {time.monotonic() - started:.0f} s")


def _generate(env: dict[str, str]) -> None:
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {PG_DB} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {PG_DB}")
    subprocess.run([str(BIN / "openvorgang"), "migrate", "--no-input", "-v0"], env=env, check=True)
    # what autovacuum does in production (an insert-only table is vacuumed too): the visibility
    # map lets the capped counts read the index alone
    with psycopg.connect(PG_URL, autocommit=True) as conn:
        for table in ("cases_case", "search_casesearch"):
            conn.execute(f"VACUUM ANALYZE {table}")
    started = time.monotonic()
    with psycopg.connect(PG_URL, autocommit=True) as conn:
        conn.execute(
            """INSERT INTO tenants_tenant (slug, name, kind, ars, active, case_number_prefix,
                   case_number_format, file_number_pattern, created_at, updated_at)
               SELECT 't' || i, 'Gemeinde ' || i, 'gemeinde', lpad((10000000 + i)::text, 12, '0'),
                      true, 'T' || i, '{prefix}-{year}-{seq:06d}', '', now(), now()
               FROM generate_series(1, %s) i""",
            [TENANTS],
        )
        conn.execute(
            """INSERT INTO tenants_orgunit (tenant_id, name, oe_id, email, active, is_default,
                   created_at, updated_at)
               SELECT t.id, 'Amt ' || j, t.slug || '-' || j, '', true, j = 1, now(), now()
               FROM tenants_tenant t, generate_series(1, 5) j"""
        )
        # Tenant sizes vary like real ones: tenant 1 is the big city.
        conn.execute(
            """
            INSERT INTO cases_case (id, number, tenant_id, org_unit_id, service_key, service_name,
                leika_keys, form_id, form_name, channel, received_at, region_key, routing,
                in_clearing, applicant_name, applicant_street, applicant_postal_code,
                applicant_city, applicant_email, applicant_phone, applicant_mailbox_ref,
                applicant_mailbox_type, applicant_trust_level, form_data, file_number, status,
                status_since, status_before_deletion_mark, version, search_stale, created_at,
                updated_at, assignee_name)
            SELECT gen_random_uuid(), 'T' || t.n || '-' || i, t.id, u.id,
                   '9905001210' || lpad((i %% 9000)::text, 4, '0'), 'Gewerbe Anmeldung', '[]',
                   'bench', 'Gewerbeanmeldung', 'ozg_cloud',
                   now() - (i %% 730) * interval '1 day' - (i %% 86400) * interval '1 second',
                   '', '{}', false,
                   (%s::text[])[1 + i %% 10] || ' ' || CASE
                     -- 5 %% carry one of 16 common names (like Schäfer's 0.3 %% in Germany),
                     -- the others one of 1,000 rarer ones
                     WHEN i %% 20 = 0 THEN (%s::text[])[1 + (i / 20) %% 16]
                     ELSE (%s::text[])[1 + (i / 7) %% 10] || (%s::text[])[1 + (i / 70) %% 10]
                          || (%s::text[])[1 + (i / 700) %% 10] END,
                   '', '', 'Kiel', '', '', '', '', '',
                   jsonb_build_array(jsonb_build_object('name', 'firma', 'label', 'Firma',
                       'type', 'string', 'value', 'Betrieb ' || i)),
                   '',
                   -- like a real authority: most cases closed, a working backlog open
                   CASE WHEN i %% 20 = 0 THEN 'NEU' WHEN i %% 20 = 1 THEN 'ANGENOMMEN'
                        WHEN i %% 20 IN (2, 3) THEN 'IN_BEARBEITUNG'
                        WHEN i %% 20 = 4 THEN 'BESCHIEDEN' ELSE 'ABGESCHLOSSEN' END,
                   least(now(), now() - (i %% 730) * interval '1 day'
                         + (i %% 60) * interval '1 day'),
                   '', 1, false, now(), now(), ''
            FROM generate_series(1, %s) i
            JOIN LATERAL (SELECT id, substr(slug, 2)::int AS n FROM tenants_tenant
                          WHERE slug = 't' || (CASE WHEN i %% 4 = 0 THEN 1 ELSE 1 + i %% %s END)) t
              ON true
            JOIN LATERAL (SELECT id FROM tenants_orgunit WHERE tenant_id = t.id
                          ORDER BY id OFFSET (i %% 5) LIMIT 1) u ON true
            """,
            [FIRST, NAMES, ONSETS, MIDDLES, ENDINGS, CASES, TENANTS],
        )
        conn.execute(
            """INSERT INTO search_casesearch (case_id, tenant_id, document, vector, indexed_version)
               SELECT id, tenant_id, d, to_tsvector('german', d), 1 FROM (
                 SELECT id, tenant_id, lower(translate(replace(replace(replace(replace(
                   number || ' ' || applicant_name || ' ' || service_name || ' betrieb '
                   || split_part(number, '-', 2),
                   'ä', 'ae'), 'ö', 'oe'), 'ü', 'ue'), 'ß', 'ss'), '-', ' ')) AS d
                 FROM cases_case) s"""
        )
        conn.execute("ANALYZE")
    print(f"generated {CASES:,} cases in {time.monotonic() - started:.0f} s")


def _fixtures(env: dict[str, str]) -> dict[str, str]:
    """Users and sessions, and the case with 50 history entries and 20 files."""
    code = """
import json, io, uuid
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.auth import SESSION_KEY, BACKEND_SESSION_KEY, HASH_SESSION_KEY
from openvorgang.accounts.models import User, Role
from openvorgang.cases import incoming, services
from openvorgang.cases.models import Case
from openvorgang.tenants.models import Tenant
tenant = Tenant.objects.get(slug="t1")
units = list(tenant.org_units.order_by("id"))
user, _ = User.objects.get_or_create(username="bench.sb", defaults={"tenant": tenant})
user.roles = [Role.SACHBEARBEITUNG]
user.save()
user.org_units.set(units)
case = Case.objects.filter(tenant=tenant, number="BENCH-DETAIL").first()
if case is None:
    case = services.case_create(data=incoming.NewCase(channel="api", tenant=tenant,
        org_unit=units[0], form_data=[{"name": "f", "label": "Feld", "value": "x"}]))
    Case.objects.filter(pk=case.pk).update(number="BENCH-DETAIL")
    case.refresh_from_db()
    for i in range(20):
        services.case_add_file(case=case, actor=user,
            upload=incoming.IncomingFile(io.BytesIO(b"%PDF-1.4 bench"), f"Anlage {i}.pdf"))
    for i in range(30):
        services.case_set_file_number(case=case, actor=user, file_number=f"AZ-{i}")
sessions = []
for _ in range(16):
    s = SessionStore()
    s[SESSION_KEY] = str(user.pk)
    s[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]  # the one in force
    s[HASH_SESSION_KEY] = user.get_session_auth_hash()
    s.create()
    sessions.append(s.session_key)
print(json.dumps({"sessions": sessions, "case": str(case.pk), "unit": units[1].pk,
                  "events": case.events.count(), "files": case.files.count()}))
"""
    out = subprocess.run(
        [str(BIN / "openvorgang"), "shell", "-c", code],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    import json

    return json.loads(out.strip().splitlines()[-1])


def _measure(
    url: str, sessions: list[str], paths: list[str], *, think: float
) -> tuple[list[float], list[float]]:
    """Client latency and server time (Server-Timing) of each request; every user waits a
    random 0–2 × ``think`` seconds between requests, as people do."""
    timings: list[float] = []
    server: list[float] = []
    lock = threading.Lock()
    per_user = max(1, REQUESTS // USERS)

    def user(index: int) -> None:
        rnd = random.Random(index)
        with httpx.Client(
            base_url=url, cookies={"sessionid": sessions[index % len(sessions)]}, timeout=60
        ) as client:
            for _ in range(per_user):
                path = rnd.choice(paths)
                started = time.perf_counter()
                response = client.get(path)
                elapsed = time.perf_counter() - started
                if response.status_code != 200:
                    raise RuntimeError(f"{path}: {response.status_code}")
                app = float(response.headers["Server-Timing"].split("dur=")[1]) / 1000
                with lock:
                    timings.append(elapsed)
                    server.append(app)
                if think:
                    time.sleep(rnd.uniform(0, 2 * think))

    with ThreadPoolExecutor(USERS) as pool:
        list(pool.map(user, range(USERS)))
    return timings, server


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


def main() -> None:
    workdir = Path(tempfile.mkdtemp(prefix="ov-bench-ui-"))
    env = _env(workdir)
    _prepare(env)
    data = _fixtures(env)
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "openvorgang.wsgi:application", "--bind", f"127.0.0.1:{port}",
         "--workers", "4", "--worker-class", "gthread", "--threads", "4",
         # longer than a user's pause (up to 2 s): otherwise the server may close a kept-alive
         # connection just as the client reuses it (a reset, seen once in a run)
         "--keep-alive", "10", "--log-level", "warning"],
        env=env,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                httpx.get(f"{url}/anmelden/", timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.2)
        with psycopg.connect(PG_URL) as conn:
            total = conn.execute("SELECT count(*) FROM cases_case").fetchone()[0]  # type: ignore[index]
            mine = conn.execute(
                "SELECT count(*) FROM cases_case c JOIN tenants_tenant t ON t.id = c.tenant_id "
                "WHERE t.slug = 't1'"
            ).fetchone()[0]  # type: ignore[index]
        lists = [
            f"/vorgaenge/?ansicht=alle&status={s}&oe={data['unit']}&sortierung={o}"
            for s in ("IN_BEARBEITUNG", "NEU", "ABGESCHLOSSEN")
            for o in ("neueste", "aelteste")
        ] + ["/vorgaenge/?ansicht=neu", "/vorgaenge/?ansicht=meine"]
        # deadlines: the Fristen view (soonest first) and the due-date sort both ways
        due = [
            "/vorgaenge/?ansicht=fristen",
            "/vorgaenge/?ansicht=alle&status=IN_BEARBEITUNG&sortierung=frist&richtung=auf",
            f"/vorgaenge/?ansicht=alle&oe={data['unit']}&sortierung=frist&richtung=auf",
            "/vorgaenge/?ansicht=alle&sortierung=frist&richtung=ab",
        ]
        searches = [
            f"/suche/?q={q}"
            for q in (
                "Schäfer",
                "schaefer",
                "Jürgen Müller",
                "Brödermann",
                "Öztürk",
                "Betrieb 4711",
            )
        ]
        detail = [f"/vorgaenge/{data['case']}/"]
        print(
            f"OpenVorgang UI benchmark: {total:,} cases in PostgreSQL, {TENANTS} tenants "
            f"(the measured tenant holds {mine:,}), {USERS} concurrent users, gunicorn 4x4"
        )
        print(f"users wait 0–{2 * THINK:g} s between requests (BENCH_UI_THINK_SECONDS={THINK:g})")
        measured = (("list", lists), ("frist", due), ("search", searches), ("detail", detail))
        for label, paths in measured:
            _measure(url, data["sessions"], paths[:2], think=0)  # warm-up
            timings, server_times = _measure(url, data["sessions"], paths, think=THINK)
            print(
                f"{label:<7}: server p50 {_pct(server_times, 0.5):6.1f} ms  "
                f"p95 {_pct(server_times, 0.95):6.1f} ms | "
                f"client p95 {_pct(timings, 0.95):6.1f} ms  ({len(timings)} requests)"
            )
        timings, _ = _measure(url, data["sessions"], lists + due + searches + detail, think=0)
        wall = sum(timings) / USERS
        print(
            f"capacity: {len(timings) / wall:.0f} pages/s with {USERS} users and no pauses "
            f"(client p95 {_pct(timings, 0.95):.0f} ms)"
        )
        print(f"detail case: {data['events']} history entries, {data['files']} files")
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
