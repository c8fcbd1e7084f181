import ipaddress
import sys
from argparse import ArgumentParser
from typing import Any

from django.db import transaction

from openvorgang.accounts.tokens import hash_token
from openvorgang.intake.models import Sender
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
        if options["token_stdin"] and (not token or len(token) < 24):
            raise ValueError("Das Token muss mindestens 24 Zeichen lang sein.")
        if token is None and not networks:
            raise ValueError(
                "Ein Absender braucht ein Token (--token-stdin) oder ein Netz (--network)."
            )
        with transaction.atomic():
            sender = (
                Sender.objects.select_for_update()
                .filter(tenant=tenant, name=options["name"])
                .first()
            )
            created = sender is None
            sender = sender or Sender(tenant=tenant, name=options["name"])
            changed: list[str] = []
            if networks != sender.networks:
                sender.networks, changed = networks, [*changed, "networks"]
            if token is not None and hash_token(token) != sender.token_hash:
                sender.token_hash, sender.token_prefix = hash_token(token), token[:6]
                changed.append("token")
            sender.save()
        return {
            "created": created,
            "changed": [] if created else changed,
            "sender": {
                "id": sender.pk,
                "name": sender.name,
                "tenant": tenant.slug if tenant else None,
                "networks": sender.networks,
                "has_token": sender.token_hash is not None,
            },
        }
