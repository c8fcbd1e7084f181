"""The error answers of the whole site (Django's handler400/404/500): problem+json on machine
paths (``lib.http.is_machine_path``), German pages for people. None of them touches the
database, which may be the very thing that is away: then the answer is 503 with
``Retry-After``, so senders retry instead of giving up."""

from __future__ import annotations

import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.defaults import page_not_found

from openvorgang.lib.http import is_machine_path, problem_response
from openvorgang.ops.context import request_id


def _page(template: str, status: int, **context: object) -> HttpResponse:
    return HttpResponse(render_to_string(template, context), status=status)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    if isinstance(exception, MultiPartParserError):
        detail = str(exception)
    else:
        detail = _("Die Anfrage ist fehlerhaft und wurde nicht angenommen.")
    if is_machine_path(request.path):
        return problem_response(400, code="bad_request", detail=detail)
    return _page("400.html", 400, detail=detail)


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    if is_machine_path(request.path):
        return problem_response(404, code="not_found", detail=_("Nicht gefunden."))
    return page_not_found(request, exception)


def database_unavailable(exc: BaseException | None) -> bool:
    return isinstance(exc, OperationalError | InterfaceError)


def server_error(request: HttpRequest) -> HttpResponse:
    """A generic page (or problem+json) with a reference id, never a trace or personal data;
    the id is the request id in the logs. The database away: 503 and Retry-After."""
    reference = request_id.get() or "–"
    if database_unavailable(sys.exc_info()[1]):
        retry = str(settings.OPENVORGANG_RETRY_AFTER_SECONDS)
        if is_machine_path(request.path):
            response: HttpResponse = problem_response(
                503,
                code="unavailable",
                title=_("Vorübergehend nicht verfügbar"),
                detail=_(
                    "Der Dienst ist vorübergehend nicht verfügbar; nichts wurde angenommen. "
                    "Bitte später erneut senden. Referenz: %(ref)s"
                )
                % {"ref": reference},
            )
        else:
            response = _page("503.html", 503, reference=reference)
        response["Retry-After"] = retry
        return response
    if is_machine_path(request.path):
        return problem_response(
            500,
            code="server_error",
            title=_("Interner Fehler"),
            detail=_("Ein interner Fehler ist aufgetreten. Referenz: %(ref)s") % {"ref": reference},
        )
    return _page("500.html", 500, reference=reference)
