"""The scope query (lists, look-ups) and the scope predicate (action checks) agree for any
combination of roles, org units, states and assignments."""

from __future__ import annotations

import pytest
from django.db.models import Q
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from openvorgang.accounts.models import Role
from openvorgang.cases.errors import ActionForbidden, ActionNotAllowed
from openvorgang.cases.models import Case, CaseStatus
from openvorgang.cases.policy import (
    Capability,
    case_scope_q,
    clearing_scope_q,
    may,
    may_route_from_clearing,
    roles_for_case,
)
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


# --- capabilities: the flag the UI shows and what the service does agree ------------------


def _attempts(world, case, user):
    """Each capability with the service call that exercises it (None: refused)."""
    from openvorgang.cases import services

    target = world.other_unit
    return {
        Capability.ASSIGN: lambda: services.case_assign(case=case, actor=user, assignee=None),
        Capability.FILE_NUMBER: lambda: services.case_set_file_number(
            case=case, actor=user, file_number="AZ-1"
        ),
        Capability.FORWARD: lambda: services.case_forward(
            case=case, actor=user, org_unit=target, reason="zuständig"
        ),
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    "status", [CaseStatus.NEU, CaseStatus.IN_BEARBEITUNG, CaseStatus.ZU_LOESCHEN]
)
@pytest.mark.parametrize("who", ["poststelle", "caseworker", "deleter"])
def test_the_ui_flag_and_the_service_agree(world, status, who):
    user = getattr(world, who)
    for capability in (Capability.ASSIGN, Capability.FILE_NUMBER, Capability.FORWARD):
        case = _case(world, world.unit, status, None)
        if not roles_for_case(user, case):
            continue  # invisible: nothing is offered, the service answers 404
        offered = may(user, case, capability)
        try:
            _attempts(world, case, user)[capability]()
            done = True
        except (ActionForbidden, ActionNotAllowed):
            done = False
        assert offered == done, (who, status, capability)


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["poststelle", "caseworker", "operator", "foreign_poststelle"])
@pytest.mark.parametrize("own_tenant", [True, False])
def test_the_clearing_query_and_predicate_agree(world, who, own_tenant):
    user = getattr(world, who)
    case = _case(world, world.unit, CaseStatus.NEU, None)
    Case.objects.filter(pk=case.pk).update(
        in_clearing=True, tenant=world.tenant if own_tenant else None, org_unit=None
    )
    case.refresh_from_db()
    listed = Case.objects.filter(clearing_scope_q(user) or Q(pk__in=[]), pk=case.pk).exists()
    assert listed == may_route_from_clearing(user, case)
