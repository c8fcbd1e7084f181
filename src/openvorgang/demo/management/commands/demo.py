from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from openvorgang.demo.loader import DEMO_PASSWORD, demo_logins, load
from openvorgang.search.indexing import index_stale
from openvorgang.stats.feed import rebuild


class Command(BaseCommand):
    help = "Lädt die Demo-Daten (idempotent) und zeigt die Demo-Zugänge."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--cases", type=int, default=1000)
        parser.add_argument("--logins-only", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["logins_only"]:
            result = load(cases=options["cases"], progress=self.stdout.write)
            self.stdout.write(
                f"Demo-Daten: {result.tenants} Mandanten, {result.cases_total} Vorgänge "
                f"({result.cases_created} neu angelegt)."
            )
            indexed = 0
            while batch := index_stale():
                indexed += batch
            self.stdout.write(f"Suchindex: {indexed} Vorgänge indiziert.")
            figures = rebuild()
            self.stdout.write(f"Statistik: {figures['received']} Eingänge ausgewertet.")
        self.stdout.write("")
        self.stdout.write(f"Demo-Zugänge (Passwort für alle: {DEMO_PASSWORD})")
        for username, role, tenant in demo_logins():
            self.stdout.write(f"  {username:<28} {role:<32} {tenant}")
        self.stdout.write(
            "  Weitere Mandanten nach demselben Muster, z. B. flensburg.poststelle, "
            "kreis-nordfriesland.sachbearbeitung."
        )
