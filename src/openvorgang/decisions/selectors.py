"""Reads of decision templates and decisions, scoped to the tenant."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from openvorgang.accounts.models import User
from openvorgang.cases.models import Case
from openvorgang.decisions.models import Decision, DecisionTemplate


def templates_for_case(*, case: Case) -> list[DecisionTemplate]:
    """Active templates of the case's tenant for its service or for all services."""
    if case.tenant_id is None:
        return []
    return list(
        DecisionTemplate.objects.filter(tenant_id=case.tenant_id, active=True)
        .filter(Q(service_key="") | Q(service_key=case.service_key))
        .order_by("-service_key", "name")
    )


def tenant_templates(*, user: User) -> QuerySet[DecisionTemplate]:
    return DecisionTemplate.objects.filter(tenant=user.tenant).order_by("name")


def decisions_of(*, case: Case) -> list[Decision]:
    return list(Decision.objects.filter(case=case).select_related("document", "message"))
