from __future__ import annotations

import pytest

from openvorgang.accounts.models import Role, User
from openvorgang.cases.models import Case, CaseEvent, CaseFile, CaseStatus
from openvorgang.deadlines.models import CaseDeadline
from openvorgang.demo.deadlines import RULES
from openvorgang.demo.loader import DEMO_PASSWORD, load
from openvorgang.directory.models import DeadlineRule, Region, Responsibility
from openvorgang.tenants.models import OrgUnit, Tenant


def _counts():
    models = (Tenant, OrgUnit, User, Case, CaseEvent, CaseFile, DeadlineRule, CaseDeadline)
    return tuple(model.objects.count() for model in models)


@pytest.mark.slow
def test_demo_loads_realistic_data_and_is_idempotent(db):
    result = load(cases=40, progress=lambda _: None)
    assert result.cases_created == 40
    assert Tenant.objects.count() >= 12
    roles = {role for user in User.objects.all() for role in user.roles}
    assert roles == set(Role.values)
    assert User.objects.get(username="kiel.sachbearbeitung").check_password(DEMO_PASSWORD)
    assert Tenant.objects.get(slug="kiel").ars == "010020000000"
    statuses = set(Case.objects.values_list("status", flat=True))
    assert {CaseStatus.NEU, CaseStatus.IN_BEARBEITUNG} <= statuses
    assert (
        CaseFile.objects.filter(kind="representation", media_type="application/pdf").count() == 40
    )
    # the directory: the Land's real regions and services, a rule per demo unit and service
    assert Region.objects.count() == 1199
    assert Responsibility.objects.filter(org_unit__tenant__slug="kiel").exists()
    assert all(case.routing.get("explanation") for case in Case.objects.all())
    # deadlines: the Land's demo rules, Kiel's own, and deadlines on the cases of those services
    assert DeadlineRule.objects.filter(tenant__isnull=True, valid_until__isnull=True).count() == 9
    assert DeadlineRule.objects.filter(tenant__slug="kiel").count() == 1
    ruled = Case.objects.filter(service_key__in=RULES, tenant__isnull=False).count()
    assert CaseDeadline.objects.count() == ruled
    counts = _counts()
    again = load(cases=40, progress=lambda _: None)
    assert again.cases_created == 0
    assert counts == _counts()
    # every case's history leads to its state
    for case in Case.objects.all():
        last = CaseEvent.objects.filter(case=case).latest("id")
        expected = last.after.get("status") if last.kind in ("created", "status") else None
        if expected:
            assert case.status == expected
