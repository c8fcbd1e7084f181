from __future__ import annotations

import uuid
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError
from django.utils import timezone
from django.utils.translation import gettext

from openvorgang.audit.models import AuditAction
from openvorgang.audit.services import audit_record
from openvorgang.cases import scanning
from openvorgang.cases.models import Case
from openvorgang.lib.commands import JsonSubcommand
from openvorgang.records.services import receipt_import
from openvorgang.records.xdomea.message import VERSIONS, InvalidMessage, Party
from openvorgang.records.xdomea.package import write_package
from openvorgang.records.xdomea.receipts import BadReceipt


class Command(JsonSubcommand):
    help = (
        "xdomea: export VORGANGSNUMMER --version 3.0.0|3.1.0 --out DATEI.zip (Abgabe 0401, "
        "gegen das XSD geprüft) | receipt DATEI.xml (Quittung 0402/0403 einlesen)"
    )
    actions = ("export", "receipt")

    def add_export_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("number", help="Vorgangsnummer, z. B. KI-2026-000123")
        parser.add_argument("--version", choices=VERSIONS, default="3.0.0", dest="xdomea")
        parser.add_argument("--out", required=True, help="Zieldatei (.zip)")
        parser.add_argument("--receiver", default="", help="Empfänger im Nachrichtenkopf")

    def add_receipt_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", help="Quittung als XML-Datei")

    def handle_export(self, **options: Any) -> dict[str, Any]:
        case = (
            Case.objects.select_related("tenant", "org_unit")
            .filter(number=options["number"])
            .first()
        )
        if case is None:
            raise CommandError(
                gettext("Kein Vorgang mit der Nummer %(number)s.") % {"number": options["number"]}
            )
        try:
            scanning.require_scanned(case)
        except scanning.FilesNotScanned as exc:
            raise CommandError(
                gettext(
                    "Dateien des Vorgangs werden noch auf Schadsoftware geprüft; bitte "
                    "später exportieren."
                )
            ) from exc
        out = Path(options["out"])
        partial = out.with_name(f".{out.name}.part")
        process_id = uuid.uuid4()
        tenant = case.tenant.name if case.tenant else "OpenVorgang"
        try:
            with partial.open("wb") as target:
                built = write_package(
                    target,
                    case=case,
                    version=options["xdomea"],
                    process_id=process_id,
                    sender=Party(tenant, case.org_unit.name if case.org_unit else ""),
                    receiver=Party(options["receiver"] or tenant),
                    created=timezone.now(),
                )
        except InvalidMessage as exc:
            partial.unlink(missing_ok=True)
            raise CommandError(str(exc)) from exc
        except OSError as exc:
            partial.unlink(missing_ok=True)
            raise CommandError(
                gettext("%(file)s: %(strerror)s") % {"file": out, "strerror": exc.strerror}
            ) from exc
        partial.replace(out)
        audit_record(
            user=None,
            case=case,
            action=AuditAction.EXPORT,
            detail=f"Befehl xdomea export nach {out.name}",
            actor_name="Betrieb (Befehl)",
        )
        return {
            "case": case.number,
            "file": str(out),
            "process_id": str(process_id),
            "version": options["xdomea"],
            "message": built.message_name,
            "documents": sum(1 for d in built.documents for _ in d.walk()),
            "size": out.stat().st_size,
        }

    def handle_receipt(self, **options: Any) -> dict[str, Any]:
        path = Path(options["file"])
        try:
            export = receipt_import(path.read_bytes())
        except OSError as exc:
            raise CommandError(
                gettext("%(path)s: %(strerror)s") % {"path": path, "strerror": exc.strerror}
            ) from exc
        except BadReceipt as exc:
            raise CommandError(str(exc)) from exc
        export.refresh_from_db()
        return {
            "case": export.case.number,
            "export": str(export.pk),
            "state": export.state,
            "reference": export.dms_reference,
        }
