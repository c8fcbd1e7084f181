"""Secret links never reach a log: Django's own warnings (not found, CSRF failure), the
application's lines and gunicorn's access log are masked, whatever the format."""

from __future__ import annotations

import contextlib
import io
import logging
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.test import Client

from openvorgang.ops.logs import ContextFilter, RedactFilter, mask

SECRET = "Geh31mN1sDesAntragsraums-0123456789abcdef"


@pytest.fixture
def captured():
    """The root logger through the production handler set-up (plain format, both filters)."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s [%(request_id)s] %(message)s"))
    handler.addFilter(ContextFilter())
    handler.addFilter(RedactFilter())
    root = logging.getLogger()
    root.addHandler(handler)
    yield stream
    root.removeHandler(handler)


def test_django_request_and_csrf_warnings_are_masked(db, captured):
    Client().get(f"/antragsraum/{SECRET}/")
    Client().get(f"/antragsraum/{SECRET}/dateien/00000000-0000-0000-0000-000000000000/")
    Client(enforce_csrf_checks=True).post(f"/antragsraum/{SECRET}/", {"text": "x"})
    Client().get(f"/einladung/MQ/{SECRET}/")
    logging.getLogger("openvorgang.test").warning("link %s", f"https://x/antragsraum/{SECRET}/")
    output = captured.getvalue()
    assert "/antragsraum/***" in output
    assert SECRET not in output


def test_masks_exception_texts_too(captured):
    try:
        raise ValueError(f"kaputt bei /antragsraum/{SECRET}/")
    except ValueError:
        logging.getLogger("openvorgang.test").exception("Fehler")
    assert SECRET not in captured.getvalue()
    assert mask(f"/einladung/MQ/{SECRET}/") == "/einladung/***/"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.slow
def test_gunicorns_access_and_error_logs_are_masked(tmp_path):
    """A real gunicorn with the project's settings: the secret in a request path appears in
    neither its access log nor its error log."""
    port = _free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "openvorgang.conf.test",
        "OPENVORGANG_BIND": f"127.0.0.1:{port}",
        "OPENVORGANG_WORKERS": "1",
        "OPENVORGANG_THREADS": "1",
        "DATABASE_URL": "",
    }
    log = tmp_path / "gunicorn.log"
    gunicorn = Path(sys.executable).with_name("gunicorn")
    with log.open("wb") as out:
        server = subprocess.Popen(  # noqa: S603 - our own gunicorn, fixed arguments
            [
                str(gunicorn),
                "-c",
                "python:openvorgang.conf.gunicorn",
                "openvorgang.wsgi:application",
            ],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        try:
            for _ in range(100):
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
                    break
                except OSError:
                    time.sleep(0.1)
            for path in (f"/antragsraum/{SECRET}/?x=1", f"/einladung/MQ/{SECRET}/"):
                with contextlib.suppress(OSError):
                    urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=5)
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=20)
    text = log.read_text()
    assert '"GET /antragsraum/***' in text  # the access line is there, masked
    assert SECRET not in text
