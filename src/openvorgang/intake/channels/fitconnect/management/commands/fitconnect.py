"""``openvorgang fitconnect add-destination|poll``."""

from __future__ import annotations

import json
import sys
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.db import transaction

from openvorgang.intake.channels.fitconnect.crypto import rsa_private_key
from openvorgang.intake.channels.fitconnect.models import Destination
from openvorgang.intake.channels.fitconnect.subscriber import poll
from openvorgang.intake.models import Sender
from openvorgang.lib.commands import JsonSubcommand
from openvorgang.tenants.models import OrgUnit
from openvorgang.tenants.selectors import tenant_by_reference


def _private_jwk(path: str, what: str) -> dict[str, Any]:
    try:
        jwk = json.loads(Path(path).read_text(encoding="utf-8"))
        rsa_private_key(jwk)
    except (OSError, ValueError, KeyError) as exc:
        raise ValueError(f"{what} {path}: kein privater RSA-JWK ({exc})") from exc
    return dict(jwk)


class Command(JsonSubcommand):
    help = "FIT-Connect-Zustellpunkte einrichten (add-destination) und jetzt abrufen (poll)."
    actions = ("add-destination", "poll")

    def add_add_destination_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--destination-id", required=True)
        parser.add_argument("--name", required=True)
        parser.add_argument("--tenant", help="Kurzname oder ARS des Mandanten")
        parser.add_argument("--org-unit", help="OrganisationseinheitID (optional)")
        parser.add_argument("--submission-api", required=True, help="Basis-URL der Submission API")
        parser.add_argument("--token-url", required=True)
        parser.add_argument("--client-id", required=True)
        parser.add_argument(
            "--client-secret-stdin",
            action="store_true",
            help="Client-Secret (erste Zeile) und optional Callback-Geheimnis (zweite) von stdin",
        )
        parser.add_argument("--decryption-key", required=True, help="Datei: privater JWK")
        parser.add_argument("--signing-key", required=True, help="Datei: privater JWK mit kid")
        parser.add_argument("--inactive", action="store_true")

    def add_poll_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--destination-id", help="Nur diesen Zustellpunkt")

    def handle_add_destination(self, **options: Any) -> dict[str, Any]:
        secret, callback = "", ""
        if options["client_secret_stdin"]:
            lines = sys.stdin.read().splitlines()
            secret = lines[0].strip() if lines else ""
            callback = lines[1].strip() if len(lines) > 1 else ""
        tenant = tenant_by_reference(options["tenant"]) if options.get("tenant") else None
        unit = None
        if options.get("org_unit"):
            unit = OrgUnit.objects.filter(oe_id=options["org_unit"], tenant=tenant).first()
            if unit is None:
                raise LookupError(
                    f"Keine Organisationseinheit {options['org_unit']} beim Mandanten"
                )
        values = {
            "name": options["name"],
            "tenant": tenant,
            "org_unit": unit,
            "submission_api_url": options["submission_api"],
            "token_url": options["token_url"],
            "client_id": options["client_id"],
            "decryption_key": _private_jwk(options["decryption_key"], "Entschlüsselungsschlüssel"),
            "signing_key": _private_jwk(options["signing_key"], "Signaturschlüssel"),
            "active": not options["inactive"],
        }
        if secret:
            values["client_secret"] = secret
        if callback:
            values["callback_secret"] = callback
        with transaction.atomic():
            existing = Destination.objects.filter(destination_id=options["destination_id"]).first()
            if existing is None:
                if not secret:
                    raise ValueError("Client-Secret fehlt (--client-secret-stdin)")
                sender, _ = Sender.objects.get_or_create(
                    name=f"FIT-Connect {options['destination_id']}", tenant=tenant
                )
                destination = Destination.objects.create(
                    destination_id=options["destination_id"], sender=sender, **values
                )
                created, changed = True, True
            else:
                destination = existing
                changed = False
                for key, value in values.items():
                    if getattr(destination, key) != value:
                        setattr(destination, key, value)
                        changed = True
                if changed:
                    destination.full_clean(exclude=["sender"])
                    destination.save()
                created = False
        return {
            "created": created,
            "changed": changed,
            "destination": {
                "id": destination.pk,
                "destination_id": str(destination.destination_id),
                "name": destination.name,
                "tenant": tenant.slug if tenant else None,
                "org_unit": unit.oe_id if unit else None,
                "submission_api": destination.submission_api_url,
                "callback": bool(destination.callback_secret),
                "active": destination.active,
            },
        }

    def handle_poll(self, **options: Any) -> dict[str, Any]:
        destinations = Destination.objects.filter(active=True)
        if options.get("destination_id"):
            destinations = destinations.filter(destination_id=options["destination_id"])
        results = {}
        for destination in destinations:
            result = poll(destination)
            results[str(destination.destination_id)] = {
                "accepted": result.accepted,
                "rejected": result.rejected,
                "skipped": result.skipped,
            }
        return {"polled": results}
