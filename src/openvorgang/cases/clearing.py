"""Reads for the Zuständigkeitsfindung: the clearing inboxes (cases routing could not place),
the org units a case may be given or forwarded to, and the forwarding traces."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db.models import QuerySet

from openvorgang.accounts.models import User
from openvorgang.cases.errors import CaseNotFound
from openvorgang.cases.models import Case, CaseForwarding
from openvorgang.cases.policy import CASE_ROLES, Capability, clearing_scope_q, may
from openvorgang.lib.keyset import Page, keyset_page
from openvorgang.tenants.models import OrgUnit

CLEARING_COLUMNS = (
    "id",
    "number",
    "tenant_id",
    "tenant__name",
    "service_key",
    "service_name",
    "form_name",
    "channel",
    "received_at",
    "region_key",
    "routing",
    "in_clearing",
    "status",
    "version",
)


def clearing_visible_to(user: User) -> QuerySet[Case]:
    """Cases waiting in a clearing inbox the user clears: the Land's (no tenant) for Land
    operators, the own tenant's for its Poststelle."""
    scope = clearing_scope_q(user)
    return Case.objects.none() if scope is None else Case.objects.filter(scope)


def clearing_list(*, user: User, cursor: str | None = None) -> Page[Case]:
    """Only what is needed to route (unless the installation allows the content)."""
    queryset = clearing_visible_to(user).select_related("tenant").only(*CLEARING_COLUMNS)
    return keyset_page(
        queryset, field="received_at", cursor=cursor, limit=settings.OPENVORGANG_LIST_PAGE_SIZE
    )


def clearing_case_get(*, user: User, case_id: uuid.UUID) -> Case:
    case = clearing_visible_to(user).select_related("tenant", "org_unit").filter(pk=case_id).first()
    if case is None:
        raise CaseNotFound()
    return case


def routing_targets(*, user: User, case: Case) -> QuerySet[OrgUnit]:
    """Org units a case may be given to from the clearing inbox by this user."""
    units = OrgUnit.objects.filter(active=True, tenant__active=True).select_related("tenant")
    if case.tenant_id is not None:
        units = units.filter(tenant_id=case.tenant_id)
    return units.order_by("tenant__name", "name")


def forwarding_targets(*, case: Case) -> QuerySet[OrgUnit]:
    """Every active org unit of every active tenant except the case's own."""
    units = OrgUnit.objects.filter(active=True, tenant__active=True).select_related("tenant")
    if case.org_unit_id is not None:
        units = units.exclude(pk=case.org_unit_id)
    return units.order_by("tenant__name", "name")


def can_forward(*, user: User, case: Case) -> bool:
    return may(user, case, Capability.FORWARD)


def forwardings_from(*, user: User, limit: int = 100) -> list[CaseForwarding]:
    """What the user's tenant forwarded: number, date, to whom, why (no content)."""
    if user.tenant_id is None or not any(user.has_role(r) for r in CASE_ROLES):
        return []
    return list(CaseForwarding.objects.filter(from_tenant_id=user.tenant_id)[:limit])
