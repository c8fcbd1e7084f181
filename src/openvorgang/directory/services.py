"""Writes to the directory. Tenant admins change only rules for their own org units; Land
operators change everything. Every change marks the routing snapshots stale (signals)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from openvorgang.accounts.models import Role, User
from openvorgang.cases.errors import ActionForbidden, InvalidInput
from openvorgang.cases.models import Case
from openvorgang.directory.models import (
    Region,
    Responsibility,
    RuleSuggestion,
    Service,
    SuggestionState,
)
from openvorgang.tenants.models import OrgUnit

T = TypeVar("T")


def may_manage_unit(*, user: User, org_unit: OrgUnit) -> bool:
    if not user.is_active:
        return False
    if user.has_role(Role.LAND_BETRIEB):
        return True
    return user.has_role(Role.MANDANTEN_ADMIN) and user.tenant_id == org_unit.tenant_id


def responsibility_create(
    *, actor: User, leika_key: str, region_ars: str, org_unit: OrgUnit, note: str = ""
) -> tuple[Responsibility, bool]:
    """Add (or reactivate) the rule; returns it and whether anything changed."""
    if not may_manage_unit(user=actor, org_unit=org_unit):
        raise ActionForbidden(
            gettext("Sie dürfen Zuständigkeiten nur für eigene Organisationseinheiten pflegen.")
        )
    service = Service.objects.filter(leika_key=leika_key.strip()).first()
    if service is None:
        raise InvalidInput(
            gettext("Leistungsschlüssel %(leika_key)r ist nicht im Verzeichnis.")
            % {"leika_key": leika_key}
        )
    region = Region.objects.filter(ars=region_ars.strip()).first()
    if region is None:
        raise InvalidInput(
            gettext("Regionalschlüssel %(region_ars)r ist nicht im Verzeichnis.")
            % {"region_ars": region_ars}
        )
    with transaction.atomic():
        rule, created = Responsibility.objects.get_or_create(
            service=service, region=region, org_unit=org_unit, defaults={"note": note[:300]}
        )
        if not created and not rule.active:
            rule.active = True
            rule.save(update_fields=["active", "updated_at"])
            return rule, True
    return rule, created


def responsibility_set_active(*, actor: User, rule: Responsibility, active: bool) -> None:
    if not may_manage_unit(user=actor, org_unit=rule.org_unit):
        raise ActionForbidden(
            gettext("Sie dürfen Zuständigkeiten nur für eigene Organisationseinheiten pflegen.")
        )
    if rule.active != active:
        rule.active = active
        rule.save(update_fields=["active", "updated_at"])


def suggestion_record(
    *,
    leika_key: str,
    region_ars: str,
    org_unit: OrgUnit,
    case_number: str,
    reason: str,
    suggested_by: str,
) -> RuleSuggestion:
    return RuleSuggestion.objects.create(
        leika_key=leika_key,
        region_ars=region_ars,
        org_unit=org_unit,
        case_number=case_number,
        reason=reason,
        suggested_by=suggested_by,
    )


def moved_suggesting_rule(
    *, case: Case, org_unit: OrgUnit, actor: User, reason: str, move: Callable[[], T]
) -> T:
    """Route or forward ``case`` to ``org_unit`` (``move``: the cases service doing it) and,
    in the same transaction, propose the pair (service key, region key) → ``org_unit`` as a
    rule for the directory's administration to decide on."""
    if not case.service_key or not case.region_key:
        raise InvalidInput(
            gettext(
                "Ein Regelvorschlag braucht Leistungsschlüssel und Regionalschlüssel des Vorgangs."
            )
        )
    with transaction.atomic():
        result = move()
        suggestion_record(
            leika_key=case.service_key,
            region_ars=case.region_key,
            org_unit=org_unit,
            case_number=case.number,
            reason=reason.strip(),
            suggested_by=actor.display_name,
        )
    return result


def suggestion_decide(*, actor: User, suggestion: RuleSuggestion, accept: bool) -> None:
    """Accept (the rule goes into the directory) or reject an open suggestion."""
    if not may_manage_unit(user=actor, org_unit=suggestion.org_unit):
        raise ActionForbidden(
            gettext("Nur die Verwaltung des empfangenden Mandanten entscheidet darüber.")
        )
    if suggestion.state != SuggestionState.OPEN:
        raise InvalidInput(gettext("Über diesen Vorschlag ist schon entschieden."))
    with transaction.atomic():
        if accept:
            rule, _ = responsibility_create(
                actor=actor,
                leika_key=suggestion.leika_key,
                region_ars=suggestion.region_ars,
                org_unit=suggestion.org_unit,
                note=f"aus Vorschlag zu {suggestion.case_number}",
            )
            suggestion.rule = rule
        suggestion.state = SuggestionState.ACCEPTED if accept else SuggestionState.REJECTED
        suggestion.decided_by = actor
        suggestion.decided_at = timezone.now()
        suggestion.save()
