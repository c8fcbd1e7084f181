"""The ``webhook`` transport: one signed POST per event, retried on anything but 2xx."""

from __future__ import annotations

import json
import time

import httpx

from openvorgang.lib import egress
from openvorgang.outbox.models import Delivery
from openvorgang.outbox.registry import PermanentError, TransportError, transport
from openvorgang.webhooks.models import Subscription
from openvorgang.webhooks.signing import sign


@transport("webhook")
def post_event(delivery: Delivery) -> int | None:
    subscription = Subscription.objects.filter(
        pk=delivery.payload.get("subscription"), active=True
    ).first()
    if subscription is None:
        raise PermanentError("Webhook gelöscht oder abgeschaltet.")
    event = delivery.payload["event"]
    body = json.dumps(event, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()
    timestamp = int(time.time())
    try:
        egress.check_url(subscription.url)
    except egress.EgressRefused as exc:
        raise PermanentError(f"Webhook-Adresse nicht erlaubt: {exc}") from exc
    try:
        with egress.client(timeout=15) as http:
            response = http.post(
                subscription.url,
                content=body,
                headers={
                    "Content-Type": "application/json",
                    "X-OpenVorgang-Event": event["type"],
                    "X-OpenVorgang-Delivery": str(delivery.pk),
                    "X-OpenVorgang-Timestamp": str(timestamp),
                    "X-OpenVorgang-Signature": sign(subscription.secret, timestamp, body),
                },
            )
    except httpx.HTTPError as exc:
        raise TransportError(f"Webhook nicht erreichbar: {exc}") from exc
    if not 200 <= response.status_code < 300:
        raise TransportError(
            f"Webhook antwortet {response.status_code}", status_code=response.status_code
        )
    return response.status_code
