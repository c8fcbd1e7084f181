import sys
from argparse import ArgumentParser
from typing import Any

from openvorgang.accounts.models import Role
from openvorgang.accounts.services import user_upsert
from openvorgang.lib.commands import JsonSubcommand
from openvorgang.tenants.models import OrgUnit
from openvorgang.tenants.selectors import tenant_by_reference


class Command(JsonSubcommand):
    help = (
        "Benutzer anlegen: user create --tenant <ars|kurzname> --username … --role … "
        "[--orgunit <oe-id>] [--password-stdin] (Optionen wiederholbar, idempotent)"
    )

    def add_create_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--tenant", required=True)
        parser.add_argument("--username", required=True)
        parser.add_argument("--role", action="append", required=True, choices=Role.values)
        parser.add_argument("--orgunit", action="append", default=[], help="OrganisationsEinheitID")
        parser.add_argument("--password-stdin", action="store_true", dest="password_stdin")
        parser.add_argument("--first-name", default="", dest="first_name")
        parser.add_argument("--last-name", default="", dest="last_name")
        parser.add_argument("--email", default="")

    def handle_create(self, **options: Any) -> dict[str, Any]:
        tenant = tenant_by_reference(options["tenant"])
        units = list(OrgUnit.objects.filter(oe_id__in=options["orgunit"]))
        missing = sorted(set(options["orgunit"]) - {u.oe_id for u in units})
        if missing:
            raise LookupError(f"Unbekannte Organisationseinheit(en): {', '.join(missing)}")
        password = None
        if options["password_stdin"]:
            password = sys.stdin.readline().rstrip("\r\n")
            if not password:
                raise ValueError("Auf der Standardeingabe wurde kein Passwort gelesen.")
        user, result = user_upsert(
            tenant=tenant,
            username=options["username"],
            roles=options["role"],
            org_units=units,
            password=password,
            first_name=options["first_name"],
            last_name=options["last_name"],
            email=options["email"],
        )
        return {
            "created": result.created,
            "changed": result.changed,
            "user": {
                "id": user.pk,
                "username": user.username,
                "tenant": tenant.slug,
                "roles": user.roles,
                "org_units": sorted(u.oe_id for u in units),
                "has_password": user.has_usable_password(),
            },
        }
