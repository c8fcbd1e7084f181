"""Processing deadlines per service: the Land's rule, a tenant's own rule over it, and the
history of both. A rule is never edited: setting one ends the rule before it and writes a new
row, so the history shows every version and a case keeps the version it started with
(``openvorgang.deadlines`` stores the rule with the case)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from openvorgang.accounts.models import Role, User
from openvorgang.cases.errors import ActionForbidden, InvalidInput
from openvorgang.directory.models import DeadlineRule, DeadlineStart, DeadlineUnit, Service
from openvorgang.tenants.models import Tenant

MAX_AMOUNT = 3660


@dataclass(frozen=True)
class RuleValues:
    """What a rule says (the fields compared to tell a change from a repetition)."""

    amount: int
    unit: str
    starts: str = DeadlineStart.RECEIPT
    fiction: bool = False
    extension_allowed: bool = False
    legal_basis: str = ""
    applies: bool = True

    def problems(self) -> list[str]:
        found = []
        if not 1 <= self.amount <= MAX_AMOUNT:
            found.append(
                gettext("Die Dauer muss zwischen 1 und %(max)d liegen.") % {"max": MAX_AMOUNT}
            )
        if self.unit not in DeadlineUnit.values:
            found.append(gettext("Die Einheit ist Tage, Wochen oder Monate."))
        if self.starts not in DeadlineStart.values:
            found.append(gettext("Die Frist beginnt ab Eingang oder ab Vollständigkeit."))
        if len(self.legal_basis) > 200:
            found.append(gettext("Die Rechtsgrundlage ist länger als 200 Zeichen."))
        return found

    @classmethod
    def of(cls, rule: DeadlineRule) -> RuleValues:
        return cls(
            amount=rule.amount,
            unit=rule.unit,
            starts=rule.starts,
            fiction=rule.fiction,
            extension_allowed=rule.extension_allowed,
            legal_basis=rule.legal_basis,
            applies=rule.applies,
        )


def may_manage(*, user: User, tenant: Tenant | None) -> bool:
    """The Land operator keeps the Land's rules and any tenant's; a tenant admin their own."""
    if not user.is_active:
        return False
    if user.has_role(Role.LAND_BETRIEB):
        return True
    return (
        tenant is not None and user.has_role(Role.MANDANTEN_ADMIN) and user.tenant_id == tenant.pk
    )


def _current(service: Service, tenant: Tenant | None) -> DeadlineRule | None:
    return (
        DeadlineRule.objects.select_for_update()
        .filter(service=service, tenant=tenant, valid_until__isnull=True)
        .order_by("pk")  # no join for the default order: FOR UPDATE locks this table only
        .first()
    )


def rule_replace(
    *,
    service: Service,
    tenant: Tenant | None,
    values: RuleValues | None,
    changed_by_name: str,
    note: str = "",
) -> tuple[DeadlineRule | None, bool]:
    """End the current rule and (unless ``values`` is None) start the new one, now; nothing
    happens if the values are those of the current rule. Checked values only (callers
    check ``values.problems()`` and the actor). Returns the rule in force and whether
    anything changed."""
    now = timezone.now()
    with transaction.atomic():
        current = _current(service, tenant)
        if current is not None and values is not None and RuleValues.of(current) == values:
            return current, False
        if current is None and values is None:
            return None, False
        if current is not None:
            DeadlineRule.objects.filter(pk=current.pk).update(valid_until=now)
        if values is None:
            return None, True
        rule = DeadlineRule.objects.create(
            service=service,
            tenant=tenant,
            amount=values.amount,
            unit=values.unit,
            starts=values.starts,
            fiction=values.fiction,
            extension_allowed=values.extension_allowed,
            legal_basis=values.legal_basis.strip(),
            applies=values.applies,
            valid_from=now,
            changed_by_name=changed_by_name[:300],
            note=note.strip()[:300],
        )
    return rule, True


def deadline_rule_set(
    *,
    actor: User,
    leika_key: str,
    tenant: Tenant | None,
    values: RuleValues | None,
    note: str = "",
) -> tuple[DeadlineRule | None, bool]:
    """Set (``values``) or remove (None) the Land's (``tenant`` None) or a tenant's rule for a
    service. Removing a tenant's rule lets the Land's apply again."""
    if not may_manage(user=actor, tenant=tenant):
        raise ActionForbidden(
            gettext("Sie dürfen Fristregeln nur für Ihren eigenen Mandanten pflegen.")
        )
    service = Service.objects.filter(leika_key=leika_key.strip()).first()
    if service is None:
        raise InvalidInput(
            gettext("Leistungsschlüssel %(leika_key)r ist nicht im Verzeichnis.")
            % {"leika_key": leika_key}
        )
    if values is not None and (problems := values.problems()):
        raise InvalidInput(" ".join(problems))
    if len(note) > 300:
        raise InvalidInput(gettext("Der Anlass ist länger als 300 Zeichen."))
    return rule_replace(
        service=service, tenant=tenant, values=values, changed_by_name=actor.display_name, note=note
    )


# --- reads ----------------------------------------------------------------------------------


def _valid_at(at: dt.datetime) -> Q:
    return Q(valid_from__lte=at) & (Q(valid_until__isnull=True) | Q(valid_until__gt=at))


def rule_for(*, service_key: str, tenant_id: int | None, at: dt.datetime) -> DeadlineRule | None:
    """The rule in force at ``at`` for the service at this tenant: the tenant's own (which
    may say "no deadline"), else the Land's; None if neither exists."""
    if not service_key:
        return None
    rules = DeadlineRule.objects.filter(_valid_at(at), service__leika_key=service_key)
    if tenant_id is not None:
        own = rules.filter(tenant_id=tenant_id).first()
        if own is not None:
            return own if own.applies else None
    land = rules.filter(tenant__isnull=True).first()
    return land if land is not None and land.applies else None


def rules_in_force(*, user: User, query: str = "", limit: int = 200) -> list[DeadlineRule]:
    """The rules in force the user looks after (Land operator: all; tenant admin: the Land's
    and their tenant's), by service name; ``query`` matches a LeiKa key or a service name."""
    rules = DeadlineRule.objects.filter(valid_until__isnull=True).select_related(
        "service", "tenant"
    )
    if not user.has_role(Role.LAND_BETRIEB):
        rules = rules.filter(Q(tenant__isnull=True) | Q(tenant_id=user.tenant_id or 0))
    if query:
        rules = rules.filter(Q(service__leika_key=query) | Q(service__name__icontains=query))
    return list(rules.order_by("service__name", "service_id", "tenant_id")[:limit])


def rule_history(*, user: User, leika_key: str) -> QuerySet[DeadlineRule]:
    """Every version of the service's rules the user may see, newest first."""
    rules = DeadlineRule.objects.filter(service__leika_key=leika_key).select_related("tenant")
    if not user.has_role(Role.LAND_BETRIEB):
        rules = rules.filter(Q(tenant__isnull=True) | Q(tenant_id=user.tenant_id or 0))
    return rules.order_by("-valid_from", "-id")
