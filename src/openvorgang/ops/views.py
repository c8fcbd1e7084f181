"""``/healthz`` (the process answers), ``/readyz`` (database, storage and job queue reachable)
and ``/metrics`` (Prometheus; with OPENVORGANG_METRICS_TOKEN as bearer token, else only from
the local host)."""

from __future__ import annotations

import hmac
import logging
import uuid

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from openvorgang.jobs.models import Job
from openvorgang.ops.metrics import registry

logger = logging.getLogger(__name__)
LOCAL = {"127.0.0.1", "::1"}


@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


def _database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def _storage() -> None:
    name = default_storage.save(f"health/{uuid.uuid4().hex}", ContentFile(b"ok"))
    default_storage.delete(name)


def _queue() -> None:
    Job.objects.filter(state="queued").values("pk").first()


@require_GET
@never_cache
def readyz(request: HttpRequest) -> JsonResponse:
    checks: dict[str, str] = {}
    for name, check in (("database", _database), ("storage", _storage), ("queue", _queue)):
        try:
            check()
            checks[name] = "ok"
        except Exception as exc:  # report, never raise: the probe must answer
            logger.warning("readiness check %s failed: %s", name, type(exc).__name__)
            checks[name] = "down"
            if name == "database":  # the queue lives in the database too
                checks["queue"] = "down"
                break
    ready = all(value == "ok" for value in checks.values()) and len(checks) == 3
    return JsonResponse(
        {"status": "ok" if ready else "down", "checks": checks}, status=200 if ready else 503
    )


@require_GET
@never_cache
def metrics(request: HttpRequest) -> HttpResponse:
    token = settings.OPENVORGANG_METRICS_TOKEN
    if token:
        sent = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
        if not hmac.compare_digest(sent.encode(), token.encode()):
            return HttpResponse("Nicht erlaubt.\n", status=403, content_type="text/plain")
    elif request.META.get("REMOTE_ADDR") not in LOCAL:
        return HttpResponse("Nur lokal abrufbar.\n", status=403, content_type="text/plain")
    return HttpResponse(generate_latest(registry()), content_type=CONTENT_TYPE_LATEST)
