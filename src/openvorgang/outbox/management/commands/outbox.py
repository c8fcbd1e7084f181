"""``openvorgang outbox list|retry``: see and re-queue outgoing deliveries."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from openvorgang.jobs import queue
from openvorgang.jobs.models import WorkState
from openvorgang.lib.commands import JsonSubcommand
from openvorgang.outbox.models import Delivery


class Command(JsonSubcommand):
    help = "Ausgehende Zustellungen anzeigen (outbox list) und erneut versuchen (outbox retry ID)."
    actions = ("list", "retry")

    def add_list_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--state", choices=WorkState.values)
        parser.add_argument("--limit", type=int, default=50)

    def add_retry_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("id")

    def handle_list(self, **options: Any) -> dict[str, Any]:
        rows = Delivery.objects.order_by("-created_at")
        if options.get("state"):
            rows = rows.filter(state=options["state"])
        return {"deliveries": [_row(d) for d in rows[: options["limit"]]]}

    def handle_retry(self, **options: Any) -> dict[str, Any]:
        delivery = Delivery.objects.filter(pk=options["id"]).first()
        if delivery is None:
            raise LookupError(f"Keine Zustellung {options['id']}")
        queue.retry(delivery)
        delivery.refresh_from_db()
        return _row(delivery)


def _row(d: Delivery) -> dict[str, Any]:
    return {
        "id": str(d.pk),
        "transport": d.transport,
        "target": d.target,
        "state": d.state,
        "attempts": d.attempts,
        "last_status_code": d.last_status_code,
        "last_error": d.last_error[-300:],
        "created_at": d.created_at.isoformat(),
    }
