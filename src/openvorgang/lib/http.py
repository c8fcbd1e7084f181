"""HTTP helpers: streaming a stored file to the client safely."""

from __future__ import annotations

from typing import Any

from django.core.files.storage import default_storage
from django.http import FileResponse, JsonResponse

# Types a browser may show inline without risk of running content in our origin.
INLINE_SAFE_TYPES = frozenset(
    {"application/pdf", "image/png", "image/jpeg", "image/gif", "image/webp", "text/plain"}
)


def stream_stored_file(
    storage_name: str, *, filename: str, media_type: str, inline: bool = False
) -> FileResponse:
    """Stream the file in chunks (never read whole). Inline only for safe types; everything is
    sandboxed by CSP so that even a mislabelled file cannot run script in our origin."""
    show_inline = inline and media_type in INLINE_SAFE_TYPES
    response = FileResponse(
        default_storage.open(storage_name, "rb"),
        as_attachment=not show_inline,
        filename=filename,
        content_type=media_type if show_inline else "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["Cache-Control"] = "private, no-store"
    return response


PROBLEM_TYPE_BASE = "https://openvorgang.de/probleme/"
PROBLEM_TITLES = {
    400: "Ungültige Anfrage",
    401: "Nicht angemeldet",
    403: "Nicht erlaubt",
    404: "Nicht gefunden",
    405: "Methode nicht erlaubt",
    406: "Nicht annehmbar",
    409: "Konflikt",
    413: "Anfrage zu groß",
    415: "Medientyp nicht unterstützt",
    429: "Zu viele Anfragen",
}


def problem_response(
    status: int, *, code: str, detail: str, title: str | None = None, part: str = ""
) -> JsonResponse:
    """An ``application/problem+json`` answer (RFC 9457) outside DRF views; ``part`` names the
    part of the request it concerns."""
    body = problem_body(status, code=code, detail=detail, title=title)
    if part:
        body["part"] = part
    return JsonResponse(
        body,
        status=status,
        content_type="application/problem+json",
    )


def problem_body(
    status: int, *, code: str, detail: Any, title: str | None = None
) -> dict[str, Any]:
    """The members of a problem document, shared by the DRF and the plain-Django answers."""
    return {
        "type": PROBLEM_TYPE_BASE + code,
        "title": title or PROBLEM_TITLES.get(status, "Fehler"),
        "status": status,
        "detail": detail,
    }


# Paths whose callers are machines: every error there is answered as problem+json.
MACHINE_PREFIXES = ("/api/", "/fitconnect/")
MACHINE_PATHS = frozenset({"/antrag", "/antrag/"})


def is_machine_path(path: str) -> bool:
    return path in MACHINE_PATHS or path.startswith(MACHINE_PREFIXES)
