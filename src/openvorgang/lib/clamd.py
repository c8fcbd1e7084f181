"""A small client for clamd's INSTREAM command (the ClamAV daemon's socket protocol): the
bytes are sent in chunks, each prefixed with its length as a 4-byte big-endian integer, and a
zero-length chunk ends the stream. clamd answers ``stream: OK``, ``stream: <name> FOUND`` or
an error. Addresses: ``unix:///run/clamav/clamd.ctl`` or ``tcp://host:3310``."""

from __future__ import annotations

import socket
import struct
from typing import IO
from urllib.parse import urlsplit

from django.utils.translation import gettext

CHUNK = 64 * 1024


class ClamdError(Exception):
    """clamd could not be reached or could not scan (the file stays unscanned)."""


def _connect(address: str, timeout: float) -> socket.socket:
    parts = urlsplit(address)
    try:
        if parts.scheme == "unix":
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            sock.settimeout(timeout)
            sock.connect(parts.path)
        elif parts.scheme == "tcp" and parts.hostname and parts.port:
            sock = socket.create_connection((parts.hostname, parts.port), timeout=timeout)
        else:
            raise ClamdError(
                gettext("unsupported clamd address %(address)r") % {"address": address}
            )
    except OSError as exc:
        raise ClamdError(gettext("clamd not reachable: %(exc)s") % {"exc": exc}) from exc
    return sock


def _reply(sock: socket.socket) -> str:
    data = b""
    while not data.endswith(b"\0"):
        part = sock.recv(4096)
        if not part:
            break
        data += part
    return data.rstrip(b"\0").decode("utf-8", "replace").strip()


def scan(address: str, stream: IO[bytes], *, timeout: float = 60.0) -> str | None:
    """None if clamd finds nothing, else the name of what it found. Streams ``stream``."""
    with _connect(address, timeout) as sock:
        try:
            sock.sendall(b"zINSTREAM\0")
            while chunk := stream.read(CHUNK):
                sock.sendall(struct.pack("!I", len(chunk)) + chunk)
            sock.sendall(struct.pack("!I", 0))
            reply = _reply(sock)
        except OSError as exc:
            # clamd closes the connection when a stream exceeds its StreamMaxLength
            raise ClamdError(gettext("clamd scan failed: %(exc)s") % {"exc": exc}) from exc
    if reply.endswith(" FOUND"):
        return reply.removeprefix("stream:").removesuffix(" FOUND").strip()
    if reply == "stream: OK":
        return None
    raise ClamdError(gettext("clamd could not scan: %(answer)s") % {"answer": reply or "no answer"})


def ping(address: str, *, timeout: float = 5.0) -> bool:
    try:
        with _connect(address, timeout) as sock:
            sock.sendall(b"zPING\0")
            return _reply(sock) == "PONG"
    except (ClamdError, OSError):
        return False
