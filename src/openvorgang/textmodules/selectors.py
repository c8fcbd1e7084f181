"""Which Textbausteine a caseworker can insert into a case: the tenant's for all services and
units, and those for the case's service or org unit."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from openvorgang.accounts.models import User
from openvorgang.cases.models import Case
from openvorgang.cases.policy import can_see_case
from openvorgang.textmodules.models import TextModule


def modules_for(*, user: User, case: Case) -> QuerySet[TextModule]:
    if case.tenant_id is None or not can_see_case(user, case):
        return TextModule.objects.none()
    return (
        TextModule.objects.filter(tenant_id=case.tenant_id)
        .filter(Q(service_key="") | Q(service_key=case.service_key))
        .filter(Q(org_unit__isnull=True) | Q(org_unit_id=case.org_unit_id))
        .order_by("name")
    )


def modules_of_tenant(*, user: User) -> QuerySet[TextModule]:
    return TextModule.objects.filter(tenant_id=user.tenant_id or 0).select_related("org_unit")
