"""Errors of the REST API as ``application/problem+json`` (RFC 9457)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from openvorgang.lib.errors import Problem
from openvorgang.lib.http import problem_body
from openvorgang.lib.keyset import InvalidCursor

CONTENT_TYPE = "application/problem+json"


def problem(status_code: int, *, code: str, detail: Any, **extra: Any) -> Response:
    body = {**problem_body(status_code, code=code, detail=detail), **extra}
    return Response(body, status=status_code, content_type=CONTENT_TYPE)


def problem_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, Problem):
        extra = {"part": exc.part} if exc.part else {}
        return problem(exc.http_status, code=exc.code, detail=exc.message, **extra)
    if isinstance(exc, InvalidCursor):
        return problem(400, code="invalid_cursor", detail=str(exc))
    if isinstance(exc, Http404):
        exc = exceptions.NotFound("Nicht gefunden.")
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        return problem(
            status.HTTP_400_BAD_REQUEST,
            code="validation",
            detail="Die Anfrage enthält ungültige Angaben.",
            errors=exc.detail,
        )
    assert isinstance(exc, exceptions.APIException)
    detail = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
    result = problem(response.status_code, code=str(exc.get_codes()), detail=detail)
    for header in ("WWW-Authenticate", "Retry-After", "Allow"):
        if header in response:
            result[header] = response[header]
    return result
