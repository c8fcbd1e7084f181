"""The scope query (lists, look-ups) and the scope predicate (action checks) agree for any
combination of roles, org units, states and assignments."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from openvorgang.accounts.models import Role
from openvorgang.cases.models import Case, CaseStatus
from openvorgang.cases.policy import case_scope_q, roles_for_case
from openvorgang.cases.selectors import cases_visible_to


@pytest.mark.django_db
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    roles=st.sets(st.sampled_from(list(Role))),
    in_unit=st.booleans(),
    same_tenant=st.booleans(),
    statuses=st.lists(st.sampled_from(list(CaseStatus)), min_size=1, max_size=6),
    assigned=st.lists(st.booleans(), min_size=6, max_size=6),
)
def test_query_and_predicate_agree(world, roles, in_unit, same_tenant, statuses, assigned):
    Case.objects.all().update(status=CaseStatus.NEU)
    user = world.colleague
    user.roles = sorted(roles)
    user.tenant = world.tenant if same_tenant else world.foreign_tenant
    user.save()
    user.org_units.set([world.unit] if in_unit else [])
    user.__dict__.pop("org_unit_ids", None)
    cases = []
    for i, status in enumerate(statuses):
        unit = world.unit if i % 2 == 0 else world.other_unit
        cases.append(_case(world, unit, status, world.caseworker if assigned[i] else None))
    visible = set(cases_visible_to(user).values_list("pk", flat=True))
    for case in cases:
        assert (case.pk in visible) == bool(roles_for_case(user, case)), (roles, case.status)
    if case_scope_q(user) is None:
        assert not visible


_counter = [0]


def _case(world, unit, status, assignee):
    from django.utils import timezone

    _counter[0] += 1
    return Case.objects.create(
        number=f"P-{_counter[0]}",
        tenant=world.tenant,
        org_unit=unit,
        channel="api",
        received_at=timezone.now(),
        status=status,
        status_since=timezone.now(),
        assignee=assignee,
    )
