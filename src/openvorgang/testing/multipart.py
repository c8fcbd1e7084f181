"""Multipart bodies written byte by byte, for what a test client would never send: empty or
non-UTF-8 file names, invalid UTF-8 in text parts."""

from __future__ import annotations

BOUNDARY = "----openvorgang-test-boundary"
CONTENT_TYPE = f"multipart/form-data; boundary={BOUNDARY}"


def part(name: str, data: bytes, *, filename: bytes | None = None, media: str = "") -> bytes:
    disposition = b'Content-Disposition: form-data; name="' + name.encode() + b'"'
    if filename is not None:
        disposition += b'; filename="' + filename + b'"'
    head = disposition + b"\r\n"
    if media or filename is not None:
        head += f"Content-Type: {media or 'application/octet-stream'}\r\n".encode()
    return head + b"\r\n" + data


def body(*parts: bytes) -> bytes:
    delimiter = f"--{BOUNDARY}".encode()
    out = b"".join(delimiter + b"\r\n" + p + b"\r\n" for p in parts)
    return out + delimiter + b"--\r\n"
