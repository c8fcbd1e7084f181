"""WebDAV connector against a real local WebDAV server (WsgiDAV) with basic authentication."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from django.core.files.storage import default_storage
from django.core.handlers.wsgi import LimitedStream
from wsgidav.wsgidav_app import WsgiDAVApp

from openvorgang.cases.models import CaseStatus
from openvorgang.jobs.worker import run_until_idle
from openvorgang.outbox.models import Delivery
from openvorgang.records.models import ExportState
from openvorgang.records.services import export_request
from openvorgang.records.tests.helpers import full_case


class _Quiet(WSGIRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


class _ThreadedServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


def _bounded_input(app):
    """wsgiref hands the raw socket to the app; WsgiDAV reads to EOF (as under cheroot, which
    bounds the stream), so bound it by Content-Length like a production server does."""

    def wrapped(environ, start_response):
        length = int(environ.get("CONTENT_LENGTH") or 0)
        environ["wsgi.input"] = LimitedStream(environ["wsgi.input"], length)
        return app(environ, start_response)

    return wrapped


@contextmanager
def webdav_server(root) -> Iterator[str]:
    app = WsgiDAVApp(
        {
            "provider_mapping": {"/dms": str(root)},
            "http_authenticator": {
                "domain_controller": None,
                "accept_basic": True,
                "accept_digest": False,
                "default_to_digest": False,
            },
            "simple_dc": {"user_mapping": {"*": {"ov": {"password": "geheim"}}}},
            "verbose": 0,
            "logging": {"enable": False},
        }
    )
    server = make_server(
        "127.0.0.1", 0, _bounded_input(app), server_class=_ThreadedServer, handler_class=_Quiet
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/dms/"
    finally:
        server.shutdown()
        server.server_close()


def test_put_into_the_collection(world, make_connector, tmp_path):
    with webdav_server(tmp_path) as url:
        connector = make_connector(kind="webdav", target=url, username="ov", secret="geheim")
        case = full_case(world, status=CaseStatus.ABGESCHLOSSEN)
        export = export_request(case=case, connector=connector, actor=world.caseworker)
        run_until_idle("test")
    export.refresh_from_db()
    assert export.state == ExportState.SENT
    with default_storage.open(export.storage_name, "rb") as stored:
        assert (tmp_path / export.file_name).read_bytes() == stored.read()


def test_wrong_password_is_a_final_refusal(world, make_connector, tmp_path):
    with webdav_server(tmp_path) as url:
        connector = make_connector(kind="webdav", target=url, username="ov", secret="falsch")
        case = full_case(world, decide=False)
        export = export_request(case=case, connector=connector, actor=world.caseworker)
        run_until_idle("test")
    export.refresh_from_db()
    delivery = Delivery.objects.get(transport="connector.webdav")
    assert (delivery.state, delivery.last_status_code) == ("failed", 401)
    assert export.state == ExportState.FAILED
    assert list(tmp_path.iterdir()) == []
