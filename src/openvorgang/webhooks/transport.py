"""The ``webhook`` transport: one signed POST per event, retried on anything but 2xx."""

from __future__ import annotations

import json
import time

from django.utils.translation import gettext

from openvorgang.outbox.http import send_body
from openvorgang.outbox.models import Delivery
from openvorgang.outbox.registry import PermanentError, transport
from openvorgang.webhooks.models import Subscription
from openvorgang.webhooks.signing import sign


@transport("webhook")
def post_event(delivery: Delivery) -> int | None:
    subscription = Subscription.objects.filter(
        pk=delivery.payload.get("subscription"), active=True
    ).first()
    if subscription is None:
        raise PermanentError(gettext("Webhook gelöscht oder abgeschaltet."))
    event = delivery.payload["event"]
    body = json.dumps(event, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()
    timestamp = int(time.time())
    response = send_body(
        "POST",
        subscription.url,
        peer="Webhook",
        content=body,
        headers={
            "Content-Type": "application/json",
            "X-OpenVorgang-Event": event["type"],
            "X-OpenVorgang-Delivery": str(delivery.pk),
            "X-OpenVorgang-Timestamp": str(timestamp),
            "X-OpenVorgang-Signature": sign(subscription.secret, timestamp, body),
        },
        retry_on=range(300, 500),  # anything but 2xx is tried again
        timeout=15,
        guarded=True,  # the URL is a tenant admin's choice
    )
    return response.status_code
