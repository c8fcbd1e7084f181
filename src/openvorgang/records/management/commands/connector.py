from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import CommandError
from django.utils.translation import gettext

from openvorgang.lib.commands import JsonSubcommand
from openvorgang.records.auth import connector_token_issue
from openvorgang.records.folders import FolderRefused, confined
from openvorgang.records.models import Connector, ExportFormat, Purpose
from openvorgang.records.registry import CONNECTORS, TargetRefused, check_target
from openvorgang.tenants.selectors import tenant_by_reference


class Command(JsonSubcommand):
    help = (
        "Anbindungen an DMS und Fachverfahren: connector create --tenant SLUG --name … "
        "--purpose dms|fachverfahren --kind dropfolder|http|webdav --target … (idempotent je "
        "Mandant und Name) | token ID (neues API-Token, einmal angezeigt)"
    )
    actions = ("create", "token")

    def add_create_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--tenant", required=True)
        parser.add_argument("--name", required=True)
        parser.add_argument("--purpose", choices=Purpose.values, default=Purpose.DMS)
        parser.add_argument("--kind", choices=CONNECTORS.names(), required=True)
        parser.add_argument("--target", required=True, help="Ordner oder URL")
        parser.add_argument("--username", default="")
        parser.add_argument("--secret", default="")
        parser.add_argument("--format", choices=ExportFormat.values, default=ExportFormat.XDOMEA)
        parser.add_argument("--xdomea-version", choices=["3.0.0", "3.1.0"], default="3.0.0")
        parser.add_argument("--export-on-close", action="store_true")
        parser.add_argument("--receipt-folder", default="")

    def add_token_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("id", type=int)

    def handle_create(self, **options: Any) -> dict[str, Any]:
        tenant = tenant_by_reference(options["tenant"])
        try:
            check_target(options["kind"], options["target"], tenant=tenant)
            if options["receipt_folder"]:
                confined(options["receipt_folder"], tenant=tenant)
        except (TargetRefused, FolderRefused) as exc:
            raise CommandError(str(exc)) from exc
        connector, created = Connector.objects.update_or_create(
            tenant=tenant,
            name=options["name"],
            defaults={
                "purpose": options["purpose"],
                "kind": options["kind"],
                "target": options["target"],
                "username": options["username"],
                "secret": options["secret"],
                "export_format": options["format"],
                "xdomea_version": options["xdomea_version"],
                "export_on_close": options["export_on_close"],
                "receipt_folder": options["receipt_folder"],
            },
        )
        return {"created": created, "id": connector.pk, "name": connector.name}

    def handle_token(self, **options: Any) -> dict[str, Any]:
        connector = Connector.objects.filter(pk=options["id"]).first()
        if connector is None:
            raise CommandError(gettext("Keine Anbindung %(id)s.") % {"id": options["id"]})
        return {"id": connector.pk, "token": connector_token_issue(connector)}
