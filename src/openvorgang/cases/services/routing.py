"""Clearing and forwarding: a case moves to another org unit."""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from openvorgang.accounts.models import User
from openvorgang.cases.errors import (
    ActionForbidden,
    ActionNotAllowed,
    CaseNotFound,
    InvalidInput,
)
from openvorgang.cases.models import (
    Case,
    CaseEvent,
    CaseForwarding,
    CaseStatus,
    EventKind,
)
from openvorgang.cases.policy import (
    Capability,
    allows,
    may_route_from_clearing,
    state_allows,
)
from openvorgang.cases.services.core import actor_roles, check_version, clean_reason, write_change
from openvorgang.tenants.models import OrgUnit, Tenant

logger = logging.getLogger(__name__)


def _unit_label(unit: OrgUnit | None, tenant: Tenant | None) -> str:
    if unit is not None:
        return f"{unit.tenant.name}, {unit.name}"
    return tenant.name if tenant is not None else "Clearingstelle des Landes"


def _check_target(unit: OrgUnit) -> None:
    if not unit.active or not unit.tenant.active:
        raise InvalidInput(gettext("%(unit)s ist nicht aktiv.") % {"unit": _unit_label(unit, None)})


def case_route(
    *,
    case: Case,
    actor: User,
    org_unit: OrgUnit,
    reason: str = "",
    expected_version: int | None = None,
) -> CaseEvent:
    """Give a case from the clearing inbox to an org unit."""
    if not may_route_from_clearing(actor, case):
        raise CaseNotFound()
    check_version(case, expected_version)
    _check_target(org_unit)
    if case.tenant_id is not None and org_unit.tenant_id != case.tenant_id:
        raise InvalidInput(
            gettext(
                "Die Poststelle ordnet nur Organisationseinheiten des eigenen Mandanten zu; "
                "an andere Mandanten wird weitergeleitet."
            )
        )
    note = clean_reason(reason, required=False, label="Zuordnen")
    target = _unit_label(org_unit, None)
    explanation = f"manuell zugeordnet durch {actor.display_name} → {target}"
    with transaction.atomic():
        event = write_change(
            case,
            actor=actor,
            changes={
                "tenant": org_unit.tenant,
                "org_unit": org_unit,
                "in_clearing": False,
                "routing": {**case.routing, "step": "manual", "explanation": explanation},
            },
            kind=EventKind.ROUTED,
            before={"org_unit": _unit_label(case.org_unit, case.tenant)},
            after={"org_unit": target, "routing": explanation},
            reason=note,
        )
    return event


def case_forward(
    *,
    case: Case,
    actor: User,
    org_unit: OrgUnit,
    reason: str,
    expected_version: int | None = None,
) -> CaseForwarding:
    """Weiterleitung: the case with all its content goes to ``org_unit`` (of this or another
    tenant) and starts there as new and unassigned. The sending side keeps only the trace."""
    roles = actor_roles(case, actor)
    check_version(case, expected_version)
    if not allows(roles, Capability.FORWARD):
        raise ActionForbidden(gettext("Ihre Rolle erlaubt keine Weiterleitung bei diesem Vorgang."))
    if not state_allows(case, Capability.FORWARD):
        raise ActionNotAllowed(
            gettext("Im Status „%(status)s“ kann der Vorgang nicht weitergeleitet werden.")
            % {"status": CaseStatus(case.status).label}
        )
    _check_target(org_unit)
    if org_unit.pk == case.org_unit_id:
        raise InvalidInput(gettext("Der Vorgang liegt bereits bei dieser Organisationseinheit."))
    reason = clean_reason(reason, required=True, label="Weiterleiten")
    source, target = _unit_label(case.org_unit, case.tenant), _unit_label(org_unit, None)
    from_tenant, from_unit = case.tenant, case.org_unit
    now = timezone.now()
    with transaction.atomic():
        write_change(
            case,
            actor=actor,
            changes={
                "tenant": org_unit.tenant,
                "org_unit": org_unit,
                "status": CaseStatus.NEU,
                "status_since": now,
                "assignee": None,
                "in_clearing": False,
                "routing": {
                    **case.routing,
                    "step": "forwarded",
                    "explanation": f"weitergeleitet von {source} an {target}",
                },
            },
            kind=EventKind.FORWARDED,
            before={"org_unit": source, "status": case.status},
            after={"org_unit": target, "status": CaseStatus.NEU},
            reason=reason,
        )
        trace = CaseForwarding.objects.create(
            case=case,
            case_number=case.number,
            at=now,
            from_tenant=from_tenant,
            from_org_unit=from_unit,
            from_name=source,
            to_tenant=org_unit.tenant,
            to_org_unit=org_unit,
            to_name=target,
            actor_name=actor.display_name,
            reason=reason,
        )
    return trace
