"""Outbox transport: post a Security Event Token to the Submission API."""

from __future__ import annotations

import httpx
from django.utils.translation import gettext

from openvorgang.intake.channels.fitconnect.client import ApiError, SubmissionApi
from openvorgang.intake.channels.fitconnect.models import Destination
from openvorgang.outbox.models import Delivery
from openvorgang.outbox.registry import PermanentError, TransportError, transport

# 401/403 too: the access token may have expired or been rotated meanwhile.
RETRYABLE = {401, 403, 408, 425, 429, 500, 502, 503, 504}


@transport("fitconnect.event")
def send_event(delivery: Delivery) -> int:
    destination = Destination.objects.filter(pk=delivery.payload["destination"]).first()
    if destination is None:
        raise PermanentError(gettext("Zustellpunkt existiert nicht mehr"))
    api = SubmissionApi(destination)
    try:
        return api.post_event(delivery.payload["caseId"], delivery.payload["token"])
    except ApiError as exc:
        if exc.status_code in RETRYABLE:
            raise TransportError(str(exc), status_code=exc.status_code) from exc
        raise PermanentError(str(exc), status_code=exc.status_code) from exc
    except httpx.HTTPError as exc:
        raise TransportError(
            gettext("%(name)s: %(exc)s") % {"name": type(exc).__name__, "exc": exc}
        ) from exc
    finally:
        api.close()
