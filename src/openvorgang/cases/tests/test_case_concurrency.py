"""Two people acting on the same case at the same moment: exactly one wins."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from openvorgang.cases import services
from openvorgang.cases.errors import CaseConflict
from openvorgang.cases.models import Case, CaseEvent, CaseStatus
from openvorgang.cases.selectors import case_get
from openvorgang.testing.factories import make_case


def test_a_stale_view_is_a_conflict(world):
    case = make_case(org_unit=world.unit)
    mine = case_get(user=world.caseworker, case_id=case.pk)
    theirs = case_get(user=world.colleague, case_id=case.pk)
    services.case_transition(case=theirs, actor=world.colleague, action="annehmen")
    with pytest.raises(CaseConflict, match="inzwischen"):
        services.case_transition(case=mine, actor=world.caseworker, action="verwerfen", reason="x")
    assert Case.objects.get(pk=case.pk).status == CaseStatus.ANGENOMMEN


def test_an_expected_version_older_than_the_case_is_a_conflict(world):
    case = make_case(org_unit=world.unit)
    services.case_set_file_number(case=case, actor=world.caseworker, file_number="AZ 1")
    with pytest.raises(CaseConflict):
        services.case_transition(
            case=case, actor=world.caseworker, action="annehmen", expected_version=1
        )


@pytest.mark.django_db(transaction=True)
def test_simultaneous_actions_exactly_one_wins(world):
    case = make_case(org_unit=world.unit)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def act(user, action):
        try:
            loaded = case_get(user=user, case_id=case.pk)
            barrier.wait(timeout=10)
            services.case_transition(case=loaded, actor=user, action=action, reason="Dublette")
            outcomes.append("won")
        except CaseConflict:
            outcomes.append("conflict")
        finally:
            connection.close()

    threads = [
        threading.Thread(target=act, args=(world.caseworker, "annehmen")),
        threading.Thread(target=act, args=(world.colleague, "verwerfen")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["conflict", "won"]
    case.refresh_from_db()
    assert case.version == 2
    assert case.status in (CaseStatus.ANGENOMMEN, CaseStatus.VERWORFEN)
    assert CaseEvent.objects.filter(case=case, kind="status").count() == 1
