"""The demo's everyday helpers: Textbausteine for every tenant, and one absence in Kiel (the
Gewerbeamt's caseworker is away this week; the caseworker of all offices covers)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from openvorgang.absences.models import Absence
from openvorgang.absences.services import absence_record
from openvorgang.accounts.models import User
from openvorgang.tenants.models import Tenant
from openvorgang.textmodules.models import TextModule

TEXT_MODULES = {
    "Eingangsbestätigung": (
        "Guten Tag {{ antragsteller.name }},\n\nIhr Antrag {{ vorgang.nummer }} "
        "({{ vorgang.leistung }}) ist am {{ vorgang.eingang|date:'d.m.Y' }} bei uns eingegangen. "
        "Wir melden uns, sobald wir ihn geprüft haben."
    ),
    "Bearbeitung dauert länger": (
        "Ihr Antrag {{ vorgang.nummer }} ist in Bearbeitung. Wegen vieler Anträge dauert es "
        "leider etwas länger; Sie hören von uns."
    ),
    "Unterlagen als PDF": (
        "Bitte laden Sie die Unterlagen als PDF hoch (je Unterlage eine Datei, höchstens 20 MB)."
    ),
    "Gruß": "Mit freundlichen Grüßen\n{{ bearbeiter.name }}\n{{ behoerde.name }}",
}


def text_modules_setup() -> None:
    for tenant in Tenant.objects.all():
        for name, body in TEXT_MODULES.items():
            TextModule.objects.get_or_create(
                tenant=tenant, name=name, defaults={"body": body, "updated_by_name": "Demo"}
            )


def cover_setup() -> None:
    away = User.objects.filter(username="kiel.sachbearbeitung2").first()
    cover = User.objects.filter(username="kiel.sachbearbeitung").first()
    if away is None or cover is None or Absence.objects.filter(user=away).exists():
        return
    today = timezone.localdate()
    absence_record(
        actor=away,
        user=away,
        substitute=cover,
        starts_on=today - dt.timedelta(days=2),
        ends_on=today + dt.timedelta(days=7),
        note="Urlaub",
    )
