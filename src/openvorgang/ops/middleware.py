"""Request id, log context and request metrics."""

from __future__ import annotations

import logging
import re
import time
import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from openvorgang.ops import context, views
from openvorgang.ops.metrics import LATENCY, REQUESTS

logger = logging.getLogger("openvorgang.request")
_INCOMING_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


class RequestContextMiddleware:
    """First in the chain: a request id (the caller's ``X-Request-ID`` if well-formed), set for
    the logs and returned in the response; one log line and the metrics per request, by route
    pattern (never the path, which may hold a search term or a secret link)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        rid = incoming if _INCOMING_ID.match(incoming) else uuid.uuid4().hex
        tokens = [
            context.request_id.set(rid),
            context.tenant_id.set(""),
            context.user_id.set(""),
        ]
        started = time.perf_counter()
        try:
            response = self.get_response(request)
        finally:
            elapsed = time.perf_counter() - started
        route = _route(request)
        REQUESTS.labels(request.method or "", route, f"{response.status_code // 100}xx").inc()
        LATENCY.labels(route).observe(elapsed)
        logger.info(
            "%s %s %s %.1fms",
            request.method,
            route,
            response.status_code,
            elapsed * 1000,
            extra={
                "method": request.method,
                "route": route,
                "status": response.status_code,
                "duration_ms": round(elapsed * 1000, 1),
            },
        )
        response["X-Request-ID"] = rid
        for var, token in zip(
            (context.request_id, context.tenant_id, context.user_id), tokens, strict=True
        ):
            var.reset(token)
        return response


class UserContextMiddleware:
    """After authentication: tenant and user ids into the log context."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            context.user_id.set(str(user.pk))
            context.tenant_id.set(str(getattr(user, "tenant_id", "") or ""))
        return self.get_response(request)


def _route(request: HttpRequest) -> str:
    match = getattr(request, "resolver_match", None)
    if match is None:
        return request.path if request.path in ("/healthz", "/readyz") else "unmatched"
    return "/" + str(match.route)


class HealthCheckMiddleware:
    """Answers ``/healthz`` and ``/readyz`` before host validation: probes of load balancers
    and orchestrators address the instance by IP, which ALLOWED_HOSTS rightly refuses."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method == "GET" and request.path == "/healthz":
            return views.healthz(request)
        if request.method == "GET" and request.path == "/readyz":
            return views.readyz(request)
        return self.get_response(request)
