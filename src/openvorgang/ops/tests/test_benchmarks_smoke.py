"""Benchmarks must not rot unnoticed: each one that can run in a few seconds runs here with
tiny sizes and must finish without error (its own checks included)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[4]

pytestmark = pytest.mark.slow


def test_bench_feeds_with_tiny_sizes_loses_and_duplicates_nothing():
    """PostgreSQL only (the bench makes a database of its own); runs in the PostgreSQL
    pass of ``make test``."""
    if connection.vendor != "postgresql":
        pytest.skip("bench-feeds needs PostgreSQL; it runs in the PostgreSQL pass")
    env = {**os.environ, "BENCH_FEED_CASES": "20", "BENCH_FEED_THREADS": "4"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    result = subprocess.run(  # noqa: S603 - our own bench script
        [sys.executable, str(ROOT / "bench" / "feeds.py")],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert "every event reached each consumer exactly once" in result.stdout
