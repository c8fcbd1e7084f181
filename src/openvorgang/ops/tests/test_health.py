"""Health and readiness, also with the database really down (a separate process whose
database is a port nobody listens on)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from django.test import Client

PROBE = """
import django, json
django.setup()
from django.test import Client
client = Client(HTTP_HOST="10.0.0.7:8000")  # a probe addressing the instance by IP
out = {}
for path in ("/healthz", "/readyz"):
    answer = client.get(path)
    out[path] = [answer.status_code, json.loads(answer.content)]
print(json.dumps(out))
"""


def test_ready_when_everything_is_up(db):
    client = Client()
    assert client.get("/healthz").json() == {"status": "ok"}
    answer = client.get("/readyz")
    assert answer.status_code == 200
    assert answer.json() == {
        "status": "ok",
        "checks": {"database": "ok", "storage": "ok", "queue": "ok"},
    }
    assert answer["Cache-Control"].startswith("max-age=0")
    assert Client(HTTP_HOST="10.0.0.7").get("/healthz").status_code == 200  # before host check


def test_database_down(tmp_path):
    src = Path(__file__).resolve().parents[3]
    env = {
        **os.environ,
        "PYTHONPATH": str(src),
        "DJANGO_SETTINGS_MODULE": "openvorgang.conf.dev",
        "DATABASE_URL": "postgres://nobody@127.0.0.1:9/none?connect_timeout=2",
        "OPENVORGANG_DATA_DIR": str(tmp_path),
        "OPENVORGANG_LOG_LEVEL": "ERROR",
    }
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["/healthz"] == [200, {"status": "ok"}]
    status, body = result["/readyz"]
    assert status == 503
    assert body["status"] == "down"
    assert body["checks"]["database"] == "down"
    assert body["checks"]["queue"] == "down"


def test_storage_down(db, settings, tmp_path):
    blocked = tmp_path / "nicht-schreibbar"
    blocked.write_text("eine Datei, kein Ordner")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(blocked)},
        },
    }
    from django.core.files.storage import storages

    storages._storages.pop("default", None)
    try:
        answer = Client().get("/readyz")
    finally:
        storages._storages.pop("default", None)
    assert answer.status_code == 503
    assert answer.json()["checks"] == {"database": "ok", "storage": "down", "queue": "ok"}
