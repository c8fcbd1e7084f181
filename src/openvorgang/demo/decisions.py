"""The demo tenants' decision setup: letterhead and dispatch rules, a drop-folder DMS and one
decision template per kind (idempotent)."""

from __future__ import annotations

import random
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from openvorgang.accounts.models import User
from openvorgang.cases.errors import InvalidInput
from openvorgang.cases.models import Case
from openvorgang.decisions.models import DecisionKind, DecisionTemplate
from openvorgang.decisions.services import decision_issue, decision_record_external
from openvorgang.mailbox.models import DispatchSetting
from openvorgang.records.models import Connector, Purpose
from openvorgang.tenants.models import Tenant

DEMO_DECISIONS = {
    DecisionKind.APPROVAL: (
        "Bewilligung (allgemein)",
        "Ihr Antrag auf {{ vorgang.leistung }} vom {{ vorgang.eingang|date:'d.m.Y' }}",
        "Sehr geehrte/r {{ antragsteller.name }},\n\n"
        "Ihrem Antrag auf {{ vorgang.leistung }} wird entsprochen.\n\n"
        "{% if freitext %}{{ freitext }}\n\n{% endif %}"
        "Rechtsbehelfsbelehrung: Gegen diesen Bescheid kann innerhalb eines Monats nach "
        "Bekanntgabe Widerspruch erhoben werden, schriftlich oder zur Niederschrift bei "
        "{{ behoerde.name }}.\n\nMit freundlichen Grüßen\nIm Auftrag\n{{ bearbeiter.name }}",
    ),
    DecisionKind.REJECTION: (
        "Ablehnung (allgemein)",
        "Ihr Antrag auf {{ vorgang.leistung }} vom {{ vorgang.eingang|date:'d.m.Y' }}",
        "Sehr geehrte/r {{ antragsteller.name }},\n\n"
        "Ihr Antrag auf {{ vorgang.leistung }} wird abgelehnt.\n\n"
        "Begründung: {{ freitext }}\n\n"
        "Rechtsbehelfsbelehrung: Gegen diesen Bescheid kann innerhalb eines Monats nach "
        "Bekanntgabe Widerspruch erhoben werden, schriftlich oder zur Niederschrift bei "
        "{{ behoerde.name }}.\n\nMit freundlichen Grüßen\nIm Auftrag\n{{ bearbeiter.name }}",
    ),
    DecisionKind.PARTIAL: (
        "Teilbewilligung (allgemein)",
        "Ihr Antrag auf {{ vorgang.leistung }} vom {{ vorgang.eingang|date:'d.m.Y' }}",
        "Sehr geehrte/r {{ antragsteller.name }},\n\n"
        "Ihrem Antrag auf {{ vorgang.leistung }} wird teilweise entsprochen.\n\n"
        "{{ freitext }}\n\n"
        "Rechtsbehelfsbelehrung: Gegen diesen Bescheid kann innerhalb eines Monats nach "
        "Bekanntgabe Widerspruch erhoben werden, schriftlich oder zur Niederschrift bei "
        "{{ behoerde.name }}.\n\nMit freundlichen Grüßen\nIm Auftrag\n{{ bearbeiter.name }}",
    ),
}


def decision_setup(tenant: Tenant, city: str) -> None:
    """Letterhead, dispatch rules and one template per kind of decision (idempotent)."""
    DispatchSetting.objects.get_or_create(
        tenant=tenant,
        defaults={
            "letterhead": f"Rathausplatz 1\n{city}",
            "return_address": f"{tenant.name} · Rathausplatz 1 · {city}",
            "contact": f"Telefon 0431 000-0\npoststelle@{tenant.slug}.example.org\nMo–Fr 8–12 Uhr",
        },
    )
    folder = Path(settings.DATA_DIR) / "dms-ablage" / tenant.slug
    folder.mkdir(parents=True, exist_ok=True)
    Connector.objects.get_or_create(
        tenant=tenant,
        name="E-Akte (Demo-Ablageordner)",
        defaults={
            "purpose": Purpose.DMS,
            "kind": "dropfolder",
            "target": str(folder),
            "xdomea_version": "3.1.0",
            "receiver_name": f"DMS {tenant.name}",
        },
    )
    for kind, (name, subject, body) in DEMO_DECISIONS.items():
        DecisionTemplate.objects.get_or_create(
            tenant=tenant, name=name, defaults={"kind": kind, "subject": subject, "body": body}
        )


def decide(case: Case, caseworker: User, rnd: random.Random) -> None:
    """A demo case's decision: every fourth made from the tenant's template and sent (a PDF/A
    document), the others recorded as issued outside (as in an office that still signs on
    paper); one without a postal address or consent is recorded outside too."""
    kind = DecisionKind.APPROVAL if rnd.random() < 0.85 else DecisionKind.REJECTION
    template = DecisionTemplate.objects.filter(tenant=case.tenant, kind=kind).first()
    if template is not None and rnd.random() < 0.25:
        try:
            with transaction.atomic():
                reason = "" if kind == DecisionKind.APPROVAL else "Die Unterlagen genügen nicht."
                decision_issue(case=case, actor=caseworker, template=template, freitext=reason)
            return
        except InvalidInput:
            pass  # no way to deliver it: recorded as issued outside below
    decision_record_external(
        case=case,
        actor=caseworker,
        kind=kind,
        reference=case.file_number or case.number,
        issued_on=timezone.localdate(),
    )
