from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import CommandError
from django.utils.translation import gettext

from openvorgang.audit.services import chains, purge_expired, verify_chain
from openvorgang.lib.commands import JsonSubcommand
from openvorgang.tenants.selectors import tenant_by_reference


class Command(JsonSubcommand):
    help = (
        "Zugriffsprotokoll: audit verify [--tenant SLUG|ARS] (prüft die Hash-Kette und nennt "
        "die erste gebrochene Stelle; Exit-Code 1) | purge (Aufbewahrungsfrist anwenden)"
    )
    actions = ("verify", "purge")

    def add_verify_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--tenant", default="")

    def add_purge_arguments(self, parser: ArgumentParser) -> None:
        pass

    def handle_verify(self, **options: Any) -> dict[str, Any]:
        targets = [tenant_by_reference(options["tenant"]).pk] if options["tenant"] else chains()
        checked = 0
        for tenant_id in targets:
            count, broken = verify_chain(tenant_id)
            checked += count
            if broken is not None:
                raise CommandError(
                    gettext(
                        "Kette von Mandant %(tenant_id)s gebrochen bei Eintrag %(seq)s (id "
                        "%(record_id)s): %(reason)s"
                    )
                    % {
                        "tenant_id": broken.tenant_id,
                        "seq": broken.seq,
                        "record_id": broken.record_id,
                        "reason": broken.reason,
                    }
                )
        return {"ok": True, "chains": len(targets), "records": checked}

    def handle_purge(self, **options: Any) -> dict[str, Any]:
        return {"removed": purge_expired()}
