from __future__ import annotations

from argparse import ArgumentParser
from dataclasses import asdict
from typing import Any

from openvorgang.lib.commands import JsonSubcommand
from openvorgang.retention.services import reapply_deletions, retention_run


class Command(JsonSubcommand):
    help = (
        "Aufbewahrung: retention run [--dry-run] (fällige Vorgänge markieren, dem Archiv "
        "anbieten, automatisch löschen, wo eingestellt) | reapply (nach dem Einspielen einer "
        "älteren Sicherung alle seither gelöschten Vorgänge erneut löschen)"
    )
    actions = ("run", "reapply")

    def add_run_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="nur berichten")

    def add_reapply_arguments(self, parser: ArgumentParser) -> None:
        pass

    def handle_run(self, **options: Any) -> dict[str, Any]:
        report = retention_run(dry_run=options["dry_run"])
        return {"dry_run": options["dry_run"], "tenants": [asdict(r) for r in report]}

    def handle_reapply(self, **options: Any) -> dict[str, Any]:
        return reapply_deletions()
