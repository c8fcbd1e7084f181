"""The committed OpenAPI document (docs/openapi.yaml) is what the code generates: an API
change without `make openapi` fails here. Generated like `make openapi` does (the embedded
SQLite default), since integer ranges in the schema follow the database backend."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[4]
COMMITTED = ROOT / "docs" / "openapi.yaml"


def test_openapi_document_matches_the_code(tmp_path):
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT / "src"),
        "DJANGO_SETTINGS_MODULE": "openvorgang.conf.dev",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'schema.sqlite3'}",
        "OPENVORGANG_DATA_DIR": str(tmp_path),
        "OPENVORGANG_LOG_LEVEL": "ERROR",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    done = subprocess.run(
        [sys.executable, "-m", "openvorgang", "spectacular", "--validate"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert COMMITTED.read_text(encoding="utf-8") == done.stdout, (
        "docs/openapi.yaml is out of date: run `make openapi`"
    )
