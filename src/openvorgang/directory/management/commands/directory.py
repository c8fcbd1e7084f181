from __future__ import annotations

import json
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError
from django.utils.translation import gettext

from openvorgang.directory import importer
from openvorgang.directory.routing import route
from openvorgang.lib.commands import JsonSubcommand

BUILTIN = Path(__file__).resolve().parents[2] / "data"


class Command(JsonSubcommand):
    help = (
        "Zuständigkeitsverzeichnis: directory import DATEI [--dry-run] | import-builtin "
        "[--dry-run] | export [--format json|csv] [--kind …] | route --leika … [--ars …] "
        "[--oe-id …]"
    )
    actions = ("import", "import-builtin", "export", "route")

    def add_import_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", help="CSV- oder JSON-Datei")
        parser.add_argument("--dry-run", action="store_true", help="nur prüfen und berichten")

    def add_import_builtin_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--dry-run", action="store_true")

    def add_export_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--format", choices=("json", "csv"), default="json")
        parser.add_argument("--kind", choices=importer.KINDS, help="bei CSV erforderlich")

    def add_route_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--leika", action="append", default=[], help="mehrfach möglich")
        parser.add_argument("--ars", default="")
        parser.add_argument("--oe-id", default="", dest="oe_id")

    def handle_import(self, **options: Any) -> dict[str, Any]:
        path = Path(options["file"])
        try:
            content = path.read_bytes()
        except OSError as exc:
            raise CommandError(
                gettext("%(path)s: %(strerror)s") % {"path": path, "strerror": exc.strerror}
            ) from exc
        return self._import([(path.name, content)], dry_run=options["dry_run"])

    def handle_import_builtin(self, **options: Any) -> dict[str, Any]:
        files = [(n, (BUILTIN / n).read_bytes()) for n in ("sh-regions.csv", "leika-services.csv")]
        return self._import(files, dry_run=options["dry_run"])

    def _import(self, files: list[tuple[str, bytes]], *, dry_run: bool) -> dict[str, Any]:
        reports = {}
        for name, content in files:
            try:
                report = importer.import_directory(content, name=name, dry_run=dry_run)
            except importer.ImportError_ as exc:
                raise CommandError(
                    gettext("%(name)s: %(exc)s") % {"name": name, "exc": exc}
                ) from exc
            reports[name] = report.as_json()
            if not report.ok:
                self.stdout.write(json.dumps(reports, ensure_ascii=False))
                raise CommandError(
                    gettext("%(name)s: %(count)s fehlerhafte Einträge; nichts geschrieben.")
                    % {"name": name, "count": len(report.errors)}
                )
        return reports if len(reports) > 1 else next(iter(reports.values()))

    def handle_export(self, **options: Any) -> None:
        if options["format"] == "csv":
            if not options["kind"]:
                raise CommandError(gettext("--kind ist bei --format csv erforderlich."))
            self.stdout.write(importer.export_csv(options["kind"]), ending="")
            return
        kinds = [options["kind"]] if options["kind"] else list(importer.KINDS)
        self.stdout.write(json.dumps(importer.export_json(kinds=kinds), ensure_ascii=False))

    def handle_route(self, **options: Any) -> dict[str, Any]:
        return route(
            leika_keys=options["leika"], ars=options["ars"], oe_id=options["oe_id"]
        ).as_json()
