"""Reads of connectors and exports, scoped to the user's tenant."""

from __future__ import annotations

from django.db.models import QuerySet

from openvorgang.accounts.models import User
from openvorgang.cases.models import Case
from openvorgang.records.models import Connector, Export, Purpose


def connectors_for(*, user: User, purpose: Purpose | None = None) -> QuerySet[Connector]:
    connectors = Connector.objects.filter(tenant=user.tenant, active=True)
    if purpose is not None:
        connectors = connectors.filter(purpose=purpose)
    return connectors.order_by("name")


def tenant_connectors(*, user: User) -> QuerySet[Connector]:
    return Connector.objects.filter(tenant=user.tenant).order_by("name")


def exports_of(*, case: Case) -> list[Export]:
    return list(Export.objects.filter(case=case).select_related("connector")[:50])


def recent_exports(*, user: User, limit: int = 50) -> list[Export]:
    return list(
        Export.objects.filter(connector__tenant=user.tenant)
        .select_related("case", "connector")
        .order_by("-created_at")[:limit]
    )
