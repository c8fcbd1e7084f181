from argparse import ArgumentParser
from typing import Any

from openvorgang.lib.commands import JsonSubcommand
from openvorgang.tenants.selectors import tenant_by_reference
from openvorgang.tenants.services import orgunit_upsert


class Command(JsonSubcommand):
    help = (
        "Organisationseinheiten anlegen: orgunit create --tenant <ars|kurzname> --name … --oe-id …"
    )

    def add_create_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--tenant", required=True, help="ARS oder Kurzname des Mandanten")
        parser.add_argument("--name", required=True)
        parser.add_argument("--oe-id", required=True, dest="oe_id")
        parser.add_argument("--email", default="")
        parser.add_argument(
            "--default",
            action="store_true",
            help="Standard-Organisationseinheit des Mandanten (erhält Anträge ohne Regel)",
        )

    def handle_create(self, **options: Any) -> dict[str, Any]:
        tenant = tenant_by_reference(options["tenant"])
        unit, result = orgunit_upsert(
            tenant=tenant,
            name=options["name"],
            oe_id=options["oe_id"],
            email=options["email"],
            is_default=True if options["default"] else None,
        )
        return {
            "created": result.created,
            "changed": result.changed,
            "orgunit": {
                "id": unit.pk,
                "tenant": tenant.slug,
                "name": unit.name,
                "oe_id": unit.oe_id,
                "email": unit.email,
                "default": unit.is_default,
            },
        }
