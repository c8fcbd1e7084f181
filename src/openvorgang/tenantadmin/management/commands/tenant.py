from argparse import ArgumentParser
from typing import Any

from openvorgang.lib.commands import JsonSubcommand
from openvorgang.tenantadmin.services import tenant_onboard
from openvorgang.tenants.models import TenantKind
from openvorgang.tenants.services import tenant_upsert


class Command(JsonSubcommand):
    help = (
        "Mandanten anlegen: tenant create --name … --kind … --ars … (idempotent) | tenant "
        "onboard --name … --kind … --ars … --admin-email … (Mandant startklar: "
        "Organisationseinheit, Einstellungen, Admin mit Einladungslink; idempotent)"
    )
    actions = ("create", "onboard")

    def add_onboard_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--name", required=True)
        parser.add_argument("--kind", required=True, choices=TenantKind.values)
        parser.add_argument("--ars", required=True)
        parser.add_argument("--admin-email", required=True, dest="admin_email")
        parser.add_argument("--slug")
        parser.add_argument("--prefix")
        parser.add_argument("--no-mail", action="store_true", help="Einladung nicht mailen")

    def handle_onboard(self, **options: Any) -> dict[str, Any]:
        done = tenant_onboard(
            name=options["name"],
            kind=options["kind"],
            ars=options["ars"],
            admin_email=options["admin_email"],
            slug=options.get("slug"),
            prefix=options.get("prefix"),
            send=not options["no_mail"],
        )
        return {
            "created": done.created,
            "tenant": {
                "id": done.tenant.pk,
                "slug": done.tenant.slug,
                "name": done.tenant.name,
                "case_number_prefix": done.tenant.case_number_prefix,
            },
            "admin": {"username": done.admin.username, "created": done.admin_created},
            "invitation": done.invitation,
        }

    def add_create_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--name", required=True)
        parser.add_argument("--kind", required=True, choices=TenantKind.values)
        parser.add_argument("--ars", required=True, help="Amtlicher Regionalschlüssel, 12 Ziffern")
        parser.add_argument("--slug", help="Kurzname (Standard: aus dem Namen)")
        parser.add_argument("--prefix", help="Präfix der Vorgangsnummern, z. B. KI")
        parser.add_argument("--inactive", action="store_true")

    def handle_create(self, **options: Any) -> dict[str, Any]:
        tenant, result = tenant_upsert(
            name=options["name"],
            kind=options["kind"],
            ars=options["ars"],
            slug=options.get("slug"),
            case_number_prefix=options.get("prefix"),
            active=not options["inactive"],
        )
        return {
            "created": result.created,
            "changed": result.changed,
            "tenant": {
                "id": tenant.pk,
                "slug": tenant.slug,
                "name": tenant.name,
                "kind": tenant.kind,
                "ars": tenant.ars,
                "case_number_prefix": tenant.case_number_prefix,
                "active": tenant.active,
            },
        }
