from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from openvorgang.lib.commands import JsonSubcommand
from openvorgang.stats.feed import process_feed, rebuild


class Command(JsonSubcommand):
    help = "Statistik: stats rebuild (Kennzahlen aus allen Vorgängen neu berechnen) | update"
    actions = ("rebuild", "update")

    def add_rebuild_arguments(self, parser: ArgumentParser) -> None:
        pass

    def add_update_arguments(self, parser: ArgumentParser) -> None:
        pass

    def handle_rebuild(self, **options: Any) -> dict[str, Any]:
        return rebuild()

    def handle_update(self, **options: Any) -> dict[str, Any]:
        total = 0
        while (done := process_feed()) > 0:
            total += done
        return {"events": total}
