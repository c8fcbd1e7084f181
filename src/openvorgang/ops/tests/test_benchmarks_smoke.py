"""Benchmarks must not rot unnoticed: each runs here with tiny sizes and must finish without
error (its own checks included: every request answered 200, nothing lost). They need
PostgreSQL, so they run in the PostgreSQL pass of ``make test``."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[4]

pytestmark = pytest.mark.slow

TINY = {
    "feeds.py": {"BENCH_FEED_CASES": "20", "BENCH_FEED_THREADS": "4"},
    "ui.py": {
        "BENCH_UI_CASES": "3000",
        "BENCH_UI_USERS": "2",
        "BENCH_UI_REQUESTS": "20",
        "BENCH_UI_THINK_SECONDS": "0",
    },
    # a size of its own: its own database, so it never races the ui run on another worker
    "stats.py": {"BENCH_UI_CASES": "3001", "BENCH_STATS_ROUNDS": "2"},
    "routing.py": {"BENCH_REGIONS": "300", "BENCH_RULES": "300", "BENCH_LOOKUPS": "500"},
    "xdomea.py": {"BENCH_CASES": "10", "BENCH_WORKERS": "1"},
    "intake.py": {"BENCH_SECONDS": "2", "BENCH_SENDERS": "2", "BENCH_BIG_MB": "5"},
}
EXPECTED = {"feeds.py": "every event reached each consumer exactly once"}


@pytest.mark.parametrize("script", sorted(TINY))
def test_benchmark_runs_with_tiny_sizes(script):
    if connection.vendor != "postgresql":
        pytest.skip("the benchmarks need PostgreSQL; they run in the PostgreSQL pass")
    env = {**os.environ, **TINY[script]}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.pop("DATABASE_URL", None)
    env["PYTHONPATH"] = str(ROOT)
    result = subprocess.run(  # noqa: S603 - our own bench script
        [sys.executable, str(ROOT / "bench" / script)],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert EXPECTED.get(script, "") in result.stdout
