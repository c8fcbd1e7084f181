"""Intake benchmark (`make bench-intake`): concurrent senders post OZG-style submissions to a
running OpenVorgang server (gunicorn) on PostgreSQL; beside it, in the same run, a raw baseline
inserts the same bytes straight into PostgreSQL. Then one 200 MB attachment, watching the
server's memory. Prints the figures; docs/performance.md records them."""

from __future__ import annotations

import json
import os
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import psycopg

PG_ADMIN = os.environ.get("BENCH_PG_ADMIN", "postgres://postgres@127.0.0.1:5432/postgres")
PG_DB = "openvorgang_bench"
PG_URL = PG_ADMIN.rsplit("/", 1)[0] + "/" + PG_DB
SENDERS = int(os.environ.get("BENCH_SENDERS", "16"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "20"))
WORKERS = int(os.environ.get("BENCH_SERVER_WORKERS", "4"))
THREADS = int(os.environ.get("BENCH_SERVER_THREADS", "2"))
BIG_MB = int(os.environ.get("BENCH_BIG_MB", "200"))
TOKEN = "bench-sender-token-0123456789abcdef"  # noqa: S105 - a throwaway bench DB
BIN = Path(sys.executable).parent


def _form_data(n: int) -> str:
    items = [
        {"name": f"feld{i}", "label": f"Feld {i}", "stringValue": "Beispielwert " * 6}
        for i in range(200)
    ]
    body = {
        "control": {
            "transactionId": f"bench-{uuid.uuid4()}",
            "zustaendigeStelle": "bench-oe",
            "leikaIds": ["99050012104000"],
            "formId": "bench",
            "name": "Benchmark-Antrag",
        },
        "formData": [{"name": "antrag", "label": "Antrag", "formItems": items}],
    }
    return json.dumps(body)


def _pdf(size: int) -> bytes:
    head = b"%PDF-1.4\n"
    return head + os.urandom(size - len(head))


def _rss_kb(pid: int) -> int:
    """Resident memory of the server: the master and all its workers."""
    total = 0
    pids = [pid]
    children = Path(f"/proc/{pid}/task/{pid}/children")
    if children.exists():
        pids += [int(p) for p in children.read_text().split()]
    for p in pids:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except FileNotFoundError:
            pass
    return total


def _cpu_seconds(pid: int) -> float:
    """CPU time (user + system) of the server: the master and all its workers."""
    ticks = os.sysconf("SC_CLK_TCK")
    pids = [pid]
    children = Path(f"/proc/{pid}/task/{pid}/children")
    if children.exists():
        pids += [int(p) for p in children.read_text().split()]
    total = 0
    for p in pids:
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / ticks


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _prepare_database() -> None:
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {PG_DB} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {PG_DB}")


def _run(env: dict[str, str], *args: str) -> str:
    out = subprocess.run(
        [str(BIN / "openvorgang"), *args], env=env, check=True, capture_output=True, text=True
    )
    return out.stdout


def _load(url: str, files: dict[str, bytes], form: str, seconds: float) -> list[float]:
    latencies: list[float] = []
    errors: list[str] = []
    stop = time.monotonic() + seconds

    def sender() -> None:
        with httpx.Client(timeout=60) as client:
            while time.monotonic() < stop:
                body = form.replace("bench-", f"bench-{uuid.uuid4().hex[:8]}-", 1)
                started = time.monotonic()
                response = client.post(
                    f"{url}/antrag",
                    headers={"Authorization": f"Bearer {TOKEN}"},
                    data={"formData": body},
                    files=[
                        ("representation", ("antrag.pdf", files["repr"], "application/pdf")),
                        ("attachment", ("a1.pdf", files["a1"], "application/pdf")),
                        ("attachment", ("a2.pdf", files["a2"], "application/pdf")),
                    ],
                )
                if response.status_code != 200:
                    errors.append(f"{response.status_code} {response.text[:200]}")
                    continue
                latencies.append(time.monotonic() - started)

    with ThreadPoolExecutor(SENDERS) as pool:
        for _ in range(SENDERS):
            pool.submit(sender)
    if errors:
        print(f"  errors: {len(errors)}, first: {errors[0]}")
    return latencies


def _baseline(files: dict[str, bytes], form: str, seconds: float) -> list[float]:
    """The same bytes straight into PostgreSQL: one row with the JSON, three bytea rows."""
    with psycopg.connect(PG_URL, autocommit=True) as conn:
        conn.execute("DROP TABLE IF EXISTS raw_file; DROP TABLE IF EXISTS raw_submission")
        conn.execute("CREATE TABLE raw_submission (id uuid primary key, body jsonb)")
        conn.execute(
            "CREATE TABLE raw_file (id uuid primary key, submission uuid references "
            "raw_submission, content bytea)"
        )
    latencies: list[float] = []
    stop = time.monotonic() + seconds

    def writer() -> None:
        with psycopg.connect(PG_URL) as conn:
            while time.monotonic() < stop:
                started = time.monotonic()
                sid = uuid.uuid4()
                with conn.transaction():
                    conn.execute("INSERT INTO raw_submission VALUES (%s, %s)", (sid, form))
                    for content in files.values():
                        conn.execute(
                            "INSERT INTO raw_file VALUES (%s, %s, %s)", (uuid.uuid4(), sid, content)
                        )
                latencies.append(time.monotonic() - started)

    with ThreadPoolExecutor(SENDERS) as pool:
        for _ in range(SENDERS):
            pool.submit(writer)
    return latencies


def _big_upload(url: str, server_pid: int, workdir: Path) -> tuple[int, int, float]:
    big = workdir / "gross.pdf"
    with big.open("wb") as f:
        f.write(b"%PDF-1.4\n")
        for _ in range(BIG_MB):
            f.write(os.urandom(1024 * 1024))
    before = _rss_kb(server_pid)
    peak = [before]
    done = threading.Event()

    def watch() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], _rss_kb(server_pid))
            time.sleep(0.02)

    watcher = threading.Thread(target=watch)
    watcher.start()
    started = time.monotonic()
    with big.open("rb") as f, httpx.Client(timeout=600) as client:
        response = client.post(
            f"{url}/antrag",
            headers={"Authorization": f"Bearer {TOKEN}"},
            data={"formData": _form_data(0)},
            files=[("attachment", ("gross.pdf", f, "application/pdf"))],
        )
    duration = time.monotonic() - started
    done.set()
    watcher.join()
    if response.status_code != 200:
        raise SystemExit(f"200 MB upload failed: {response.status_code} {response.text[:300]}")
    return before, peak[0], duration


def _server_command(port: int) -> list[str]:
    return [
        str(BIN / "gunicorn"),
        "openvorgang.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(WORKERS),
        "--worker-class",
        "gthread",
        "--threads",
        str(THREADS),
        "--timeout",
        "600",
        "--log-level",
        "warning",
    ]


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


def main() -> None:
    _prepare_database()
    workdir = Path(tempfile.mkdtemp(prefix="ov-bench-"))
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": PG_URL,
        "OPENVORGANG_DATA_DIR": str(workdir / "data"),
        "OPENVORGANG_SECRET_KEY": "bench-only-secret-" + "x" * 40,
        "OPENVORGANG_SSL_REDIRECT": "false",
        "DJANGO_SETTINGS_MODULE": "openvorgang.conf.production",
        "OPENVORGANG_LOG_LEVEL": "WARNING",
        "OPENVORGANG_INTAKE_MAX_FILE_BYTES": str(300 * 1024 * 1024),
    }
    _run(env, "migrate", "--no-input")
    _run(
        env,
        "tenant",
        "create",
        "--name",
        "Bench",
        "--kind",
        "gemeinde",
        "--ars",
        "010020000000",
        "--prefix",
        "BE",
    )
    _run(
        env, "orgunit", "create", "--tenant", "010020000000", "--name", "Amt", "--oe-id", "bench-oe"
    )
    subprocess.run(
        [str(BIN / "openvorgang"), "sender", "create", "--name", "Bench", "--token-stdin"],
        env=env,
        input=TOKEN + "\n",
        check=True,
        capture_output=True,
        text=True,
    )
    server_log = (workdir / "server.log").open("w")
    server = subprocess.Popen(_server_command(port), env=env, stdout=server_log, stderr=server_log)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                httpx.get(f"{url}/anmelden/", timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.2)
        files = {"repr": _pdf(150 * 1024), "a1": _pdf(200 * 1024), "a2": _pdf(200 * 1024)}
        form = _form_data(0)
        print(
            f"OpenVorgang intake benchmark: {SENDERS} concurrent senders, {SECONDS:.0f} s, "
            f"gunicorn {WORKERS} workers x {THREADS} threads, PostgreSQL, {os.cpu_count()} cores"
        )
        print(f"submission: form data {len(form) // 1024} KB, files 150 + 200 + 200 KB")
        _load(url, files, form, 3)  # warm-up
        # The baseline runs before and after ours and counts with the mean of both, so that
        # a machine getting busier or quieter during the run does not tilt the ratio.
        raw_first = _baseline(files, form, SECONDS / 2)
        rss_before = _rss_kb(server.pid)
        server_cpu_before = _cpu_seconds(server.pid)
        cpu_before = resource.getrusage(resource.RUSAGE_SELF)
        ours = _load(url, files, form, SECONDS)
        cpu_after = resource.getrusage(resource.RUSAGE_SELF)
        rss_after = _rss_kb(server.pid)
        server_cpu = _cpu_seconds(server.pid) - server_cpu_before
        client_cpu = (cpu_after.ru_utime - cpu_before.ru_utime) + (
            cpu_after.ru_stime - cpu_before.ru_stime
        )
        raw = raw_first + _baseline(files, form, SECONDS / 2)
        ours_rate, raw_rate = len(ours) / SECONDS, len(raw) / SECONDS
        first, second = 2 * len(raw_first) / SECONDS, 2 * (len(raw) - len(raw_first)) / SECONDS
        halves = f"{first:.1f} before, {second:.1f} after"
        print(
            f"openvorgang  : {ours_rate:7.1f} submissions/s  p50 {_pct(ours, 0.5):6.1f} ms  "
            f"p95 {_pct(ours, 0.95):6.1f} ms  ({len(ours)} accepted)"
        )
        print(
            f"raw baseline : {raw_rate:7.1f} inserts/s      p50 {_pct(raw, 0.5):6.1f} ms  "
            f"p95 {_pct(raw, 0.95):6.1f} ms  ({halves})"
        )
        print(f"ratio        : {100 * ours_rate / raw_rate:6.1f} % of the raw baseline")
        # Independent of how busy the machine is: what one submission costs the server.
        print(f"server CPU   : {1000 * server_cpu / max(1, len(ours)):6.1f} ms per submission")
        print(f"server memory: {rss_before // 1024} MB before, {rss_after // 1024} MB after load")
        print(
            f"load client  : {client_cpu:.1f} CPU s of {SECONDS * (os.cpu_count() or 1):.0f} "
            "CPU s on this machine (the senders share the cores with server and database)"
        )
        before, peak, duration = _big_upload(url, server.pid, workdir)
        print(
            f"200 MB attachment: accepted in {duration:.1f} s, server memory {before // 1024} MB"
            f" -> peak {peak // 1024} MB (growth {(peak - before) // 1024} MB)"
        )
    finally:
        server.terminate()
        server.wait(timeout=30)
        server_log.close()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
