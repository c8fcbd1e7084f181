"""``openvorgang worker``: run background jobs and outgoing deliveries."""

from __future__ import annotations

import signal
import threading
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from openvorgang.jobs.worker import default_worker_name, run_forever, run_until_idle


class Command(BaseCommand):
    help = "Führt Hintergrundaufträge und ausgehende Zustellungen aus."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--once", action="store_true", help="Alles Fällige ausführen, dann enden."
        )
        parser.add_argument("--name", default="", help="Name dieses Workers (Standard: Host:PID).")
        parser.add_argument("--poll", type=float, default=2.0, help="Sekunden zwischen Runden.")

    def handle(self, *args: Any, **options: Any) -> None:
        name = options["name"] or default_worker_name()
        if options["once"]:
            done = run_until_idle(name)
            self.stdout.write(f'{{"worker": "{name}", "processed": {done}}}')
            return
        stop = threading.Event()
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_: stop.set())
        run_forever(name, poll_seconds=options["poll"], stop=stop)
