from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.conf import settings

from openvorgang.cases import scanning
from openvorgang.lib import clamd
from openvorgang.lib.commands import JsonSubcommand


class Command(JsonSubcommand):
    help = (
        "Virenprüfung: scan status (ist clamd erreichbar?) | pending (Prüfungen aller noch "
        "ungeprüften Dateien erneut einplanen, etwa nach einem längeren Ausfall von clamd)"
    )
    actions = ("status", "pending")

    def add_status_arguments(self, parser: ArgumentParser) -> None:
        pass

    def add_pending_arguments(self, parser: ArgumentParser) -> None:
        pass

    def handle_status(self, **options: Any) -> dict[str, Any]:
        address = settings.OPENVORGANG_CLAMD
        return {"configured": bool(address), "reachable": bool(address) and clamd.ping(address)}

    def handle_pending(self, **options: Any) -> dict[str, Any]:
        return {"pending": scanning.enqueue_pending()}
