"""``POST /fitconnect/callback/<destination id>``: the Submission API tells us that something
is waiting. Verified by HMAC-SHA512 over ``timestamp.body``; then a poll is queued."""

from __future__ import annotations

import hashlib
import hmac
import time

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from openvorgang.intake.channels.fitconnect.jobs_handlers import enqueue_poll
from openvorgang.intake.channels.fitconnect.models import Destination
from openvorgang.lib.http import problem_response
from openvorgang.lib.ratelimit import limited, record_miss

MAX_AGE_SECONDS = 300


def expected_signature(secret: str, timestamp: str, body: bytes) -> str:
    message = timestamp.encode() + b"." + body
    return hmac.new(secret.encode(), message, hashlib.sha512).hexdigest()


@csrf_exempt  # machine endpoint, authenticated by HMAC
@require_POST
def callback(request: HttpRequest, destination_id: str) -> HttpResponse:
    if limited(
        "fitconnect-callback", request, limit=settings.OPENVORGANG_INTAKE_FAILED_AUTH_PER_MINUTE
    ):
        return problem_response(429, code="too_many_attempts", detail="Zu viele Fehlversuche.")
    response = _callback(request, destination_id)
    if response.status_code in (401, 404):
        record_miss("fitconnect-callback", request)
    return response


def _callback(request: HttpRequest, destination_id: str) -> HttpResponse:
    destination = Destination.objects.filter(destination_id=destination_id, active=True).first()
    signature = request.headers.get("callback-authentication", "")
    timestamp = request.headers.get("callback-timestamp", "")
    if destination is None or not destination.callback_secret:
        return problem_response(404, code="not_found", detail="Unbekannter Zustellpunkt.")
    if not timestamp.isdigit() or abs(time.time() - int(timestamp)) > MAX_AGE_SECONDS:
        return problem_response(
            401, code="callback_timestamp", detail="callback-timestamp fehlt oder ist zu alt."
        )
    expected = expected_signature(destination.callback_secret, timestamp, request.body)
    if not hmac.compare_digest(expected, signature.lower()):
        return problem_response(
            401, code="callback_authentication", detail="callback-authentication ist ungültig."
        )
    enqueue_poll(destination)
    return JsonResponse({"queued": True}, status=202)
