import ipaddress
import sys
from argparse import ArgumentParser
from typing import Any

from openvorgang.intake.senders import sender_upsert
from openvorgang.lib.commands import JsonSubcommand
from openvorgang.tenants.selectors import tenant_by_reference


class Command(JsonSubcommand):
    help = (
        "Absender (Online-Dienst) registrieren: sender create --name … [--tenant <ars|kurzname>] "
        "[--token-stdin] [--network CIDR] (idempotent)"
    )

    def add_create_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--name", required=True)
        parser.add_argument("--tenant")
        parser.add_argument("--token-stdin", action="store_true", dest="token_stdin")
        parser.add_argument("--network", action="append", default=[])

    def handle_create(self, **options: Any) -> dict[str, Any]:
        tenant = tenant_by_reference(options["tenant"]) if options.get("tenant") else None
        networks = [str(ipaddress.ip_network(n, strict=False)) for n in options["network"]]
        token = sys.stdin.readline().strip() if options["token_stdin"] else None
        result = sender_upsert(tenant=tenant, name=options["name"], networks=networks, token=token)
        sender = result.sender
        return {
            "created": result.created,
            "changed": result.changed,
            "sender": {
                "id": sender.pk,
                "name": sender.name,
                "tenant": tenant.slug if tenant else None,
                "networks": sender.networks,
                "has_token": sender.token_hash is not None,
            },
        }
