"""The nginx configuration we document (deploy/nginx) with a real nginx: a client that sends
its body slowly holds nginx, not an application thread (the request reaches the application
only when complete), and the access log never holds a secret link."""

from __future__ import annotations

import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

DEPLOY = Path(__file__).resolve().parents[4] / "deploy" / "nginx"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
SECRET = "S3cr3tDesAntragsraums0123456789"

pytestmark = pytest.mark.slow


def _port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Backend:
    """The application's place: records, per request, how long it spent from the first
    byte of the request to the end of the body."""

    def __init__(self) -> None:
        self.seconds: list[float] = []
        backend = self

        class Handler(BaseHTTPRequestHandler):
            def setup(self) -> None:
                super().setup()
                self.started = time.monotonic()

            def do_POST(self) -> None:
                self.rfile.read(int(self.headers["Content-Length"]))
                backend.seconds.append(time.monotonic() - self.started)
                self.send_response(204)
                self.end_headers()

            def do_GET(self) -> None:
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture
def backend() -> Iterator[Backend]:
    server = Backend()
    yield server
    server.server.shutdown()
    server.server.server_close()


@pytest.fixture
def nginx(tmp_path: Path, backend: Backend) -> Iterator[tuple[int, Path]]:
    port = _port()
    conf = tmp_path / "nginx.conf"
    conf.write_text(
        f"""
user root;
worker_processes 1;
daemon off;
pid {tmp_path}/nginx.pid;
error_log {tmp_path}/error.log warn;
events {{ worker_connections 64; }}
http {{
    include {DEPLOY}/openvorgang-http.conf;
    access_log {tmp_path}/access.log openvorgang;
    client_body_temp_path {tmp_path}/body;
    proxy_temp_path {tmp_path}/proxy;
    fastcgi_temp_path {tmp_path}/fastcgi;
    uwsgi_temp_path {tmp_path}/uwsgi;
    scgi_temp_path {tmp_path}/scgi;
    server {{
        listen 127.0.0.1:{port};
        location / {{
            include {DEPLOY}/openvorgang-proxy.conf;
            proxy_pass http://127.0.0.1:{backend.port};
        }}
    }}
}}
"""
    )
    check = subprocess.run([NGINX, "-t", "-c", str(conf)], capture_output=True, text=True)  # noqa: S603
    assert check.returncode == 0, check.stderr
    process = subprocess.Popen([NGINX, "-c", str(conf)], stderr=subprocess.PIPE)  # noqa: S603
    for _ in range(100):
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                break
        time.sleep(0.05)
    yield port, tmp_path / "access.log"
    process.terminate()
    process.wait(timeout=10)


def _slow_post(port: int, *, pieces: int = 8, pause: float = 0.25) -> bytes:
    body = b"x" * 4000
    head = (
        f"POST /antrag HTTP/1.1\r\nHost: test\r\nContent-Length: {len(body)}\r\n"
        "Content-Type: application/octet-stream\r\nConnection: close\r\n\r\n"
    ).encode()
    with socket.create_connection(("127.0.0.1", port), timeout=10) as client:
        client.sendall(head)
        step = len(body) // pieces
        for i in range(pieces):
            client.sendall(body[i * step : (i + 1) * step])
            time.sleep(pause)
        return client.recv(1024)


def test_a_slow_body_reaches_the_application_only_when_complete(nginx, backend):
    port, _ = nginx
    assert _slow_post(port).startswith(b"HTTP/1.1 204")
    # the client took two seconds; the application spent a fraction of that on it
    assert backend.seconds[-1] < 0.5


def test_without_the_proxy_the_application_waits_for_the_slow_client(backend):
    """The control: sent straight to the application, the same client holds it for the
    whole two seconds (what ties up every gunicorn thread without the proxy)."""
    _slow_post(backend.port)
    assert backend.seconds[-1] >= 1.5


def test_the_access_log_masks_secret_links(nginx):
    port, access_log = nginx
    for path in (f"/antragsraum/{SECRET}/dateien/1/?q={SECRET}", f"/einladung/MQ/{SECRET}/"):
        with socket.create_connection(("127.0.0.1", port), timeout=5) as client:
            client.sendall(f"GET {path} HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n".encode())
            client.recv(1024)
    time.sleep(0.2)
    text = access_log.read_text()
    assert '"GET /antragsraum/***/dateien/1/"' in text
    assert '"GET /einladung/***/"' in text
    assert SECRET not in text
