"""Reads of the directory, scoped: Land operators see every rule, tenant admins the rules of
their own org units."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from openvorgang.accounts.models import Role, User
from openvorgang.directory.models import Responsibility, RuleSuggestion, Service, SuggestionState
from openvorgang.tenants.models import OrgUnit


def manageable_units(*, user: User) -> QuerySet[OrgUnit]:
    units = OrgUnit.objects.select_related("tenant").order_by("tenant__name", "name")
    if user.has_role(Role.LAND_BETRIEB):
        return units
    if user.has_role(Role.MANDANTEN_ADMIN) and user.tenant_id is not None:
        return units.filter(tenant_id=user.tenant_id)
    return units.none()


def responsibilities_visible_to(*, user: User) -> QuerySet[Responsibility]:
    return Responsibility.objects.filter(org_unit__in=manageable_units(user=user))


def responsibility_list(
    *, user: User, query: str = "", after_id: int | None = None, limit: int = 50
) -> list[Responsibility]:
    """One page of rules, in id order, keyset-paginated; ``query`` matches a LeiKa key, a
    region key or a name of service, region or org unit."""
    rules = responsibilities_visible_to(user=user).select_related(
        "service", "region", "org_unit", "org_unit__tenant"
    )
    if query:
        rules = rules.filter(
            Q(service__leika_key=query)
            | Q(region__ars=query)
            | Q(service__name__icontains=query)
            | Q(region__name__icontains=query)
            | Q(org_unit__name__icontains=query)
            | Q(org_unit__tenant__name__icontains=query)
        )
    if after_id is not None:
        rules = rules.filter(pk__gt=after_id)
    return list(rules.order_by("pk")[:limit])


def open_suggestions(*, user: User) -> QuerySet[RuleSuggestion]:
    return (
        RuleSuggestion.objects.filter(
            state=SuggestionState.OPEN, org_unit__in=manageable_units(user=user)
        )
        .select_related("org_unit", "org_unit__tenant")
        .order_by("-suggested_at")
    )


def tenant_services(*, tenant_id: int | None, limit: int = 2000) -> list[tuple[str, str]]:
    """(LeiKa key, name) of the services the tenant's routing rules name, by name: what the
    case list suggests when a caseworker filters by service."""
    if tenant_id is None:
        return []
    rows = (
        Service.objects.filter(rules__org_unit__tenant_id=tenant_id)
        .values_list("leika_key", "name")
        .distinct()
        .order_by("name")
    )
    return list(rows[:limit])
