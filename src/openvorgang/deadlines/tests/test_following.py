"""The deadline follows the case: it starts with the rule in force at receipt, counts the
Land's holidays, ends with the decision or the rejection, starts again at the authority a case
is forwarded to, and never moves when the rule changes later."""

from __future__ import annotations

import datetime as dt

import time_machine

from openvorgang.cases.models import Case, CaseStatus
from openvorgang.cases.services import case_forward, case_transition
from openvorgang.deadlines.models import CaseDeadline, DeadlineState, Outcome
from openvorgang.deadlines.tests.conftest import at, set_rule, sync
from openvorgang.testing.factories import make_case

D = dt.date


def _deadline(case: Case) -> CaseDeadline:
    return CaseDeadline.objects.select_related("rule").get(case=case)


def test_a_new_case_gets_the_deadline_of_its_service_with_the_lands_holidays(world, service):
    set_rule(service, amount=3, unit="monate", fiction=True)
    # received Tuesday 6 January 2026: three months end on Monday 6 April = Easter Monday in
    # Schleswig-Holstein, so the deadline ends on Tuesday 7 April
    case = make_case(org_unit=world.unit, received_at=at(D(2026, 1, 6)), files=False)
    sync()
    deadline = _deadline(case)
    assert deadline.state == DeadlineState.RUNNING
    assert deadline.region == "SH"
    assert deadline.due_on == D(2026, 4, 7)
    case.refresh_from_db()
    assert case.due_on == D(2026, 4, 7)


def test_a_service_without_a_rule_has_no_deadline(world):
    case = make_case(org_unit=world.unit, files=False)
    sync()
    assert not CaseDeadline.objects.filter(case=case).exists()
    case.refresh_from_db()
    assert case.due_on is None


def test_a_tenants_rule_overrides_the_lands_and_may_say_none(world, service):
    set_rule(service, amount=3, unit="monate")
    set_rule(service, tenant=world.tenant, amount=4, unit="wochen")
    set_rule(service, tenant=world.foreign_tenant, amount=1, unit="tage", applies=False)
    ours = make_case(org_unit=world.unit, received_at=at(D(2026, 3, 3)), files=False)
    theirs = make_case(org_unit=world.foreign_unit, files=False)
    sync()
    assert _deadline(ours).due_on == D(2026, 3, 31)
    assert not CaseDeadline.objects.filter(case=theirs).exists()


def test_counted_from_completeness_it_waits_until_then(world, service):
    set_rule(service, amount=1, unit="monate", starts="vollstaendig")
    case = make_case(org_unit=world.unit, files=False)
    sync()
    deadline = _deadline(case)
    assert deadline.state == DeadlineState.WAITING
    assert deadline.due_on is None


def test_the_decision_ends_it_and_records_whether_in_time(world, service):
    set_rule(service, amount=10, unit="tage")
    with time_machine.travel(at(D(2026, 3, 2)), tick=False):
        case = make_case(org_unit=world.unit, status=CaseStatus.IN_BEARBEITUNG, files=False)
        sync()
    with time_machine.travel(at(D(2026, 3, 20)), tick=False):
        Case.objects.filter(pk=case.pk).update(
            status=CaseStatus.BESCHIEDEN, status_since=at(D(2026, 3, 20))
        )
        sync_case(case)
    deadline = _deadline(case)
    assert deadline.state == DeadlineState.ENDED
    assert deadline.outcome == Outcome.DECIDED
    assert deadline.ended_on == D(2026, 3, 20)
    assert deadline.due_on == D(2026, 3, 12)
    assert deadline.met is False
    case.refresh_from_db()
    assert case.due_on is None


def sync_case(case: Case) -> None:
    from openvorgang.deadlines.services import deadline_sync

    deadline_sync(case_id=case.pk)


def test_a_rejection_ends_it_and_taking_it_back_lets_it_run_on(world, service):
    set_rule(service, amount=2, unit="monate")
    case = make_case(org_unit=world.unit, files=False)
    sync()
    due = _deadline(case).due_on
    case_transition(case=case, actor=world.poststelle, action="verwerfen", reason="Doppelt")
    sync()
    assert _deadline(case).outcome == Outcome.REJECTED
    case.refresh_from_db()
    assert case.due_on is None  # at once, with the step (not only when the feed runs)
    case_transition(case=case, actor=world.poststelle, action="zurueckholen")
    sync()
    deadline = _deadline(case)
    assert deadline.state == DeadlineState.RUNNING
    assert deadline.due_on == due
    case.refresh_from_db()
    assert case.due_on == due


def test_a_rule_change_never_moves_a_running_deadline(world, service):
    set_rule(service, amount=3, unit="monate")
    case = make_case(org_unit=world.unit, received_at=at(D(2026, 2, 2)), files=False)
    sync()
    set_rule(service, amount=1, unit="monate", since=at(D(2026, 3, 1)))
    Case.objects.filter(pk=case.pk).update(status=CaseStatus.ANGENOMMEN)
    sync_case(case)
    deadline = _deadline(case)
    assert deadline.due_on == D(2026, 5, 4)  # 2 May is a Saturday
    assert deadline.rule.amount == 3
    later = make_case(org_unit=world.unit, received_at=at(D(2026, 6, 1)), files=False)
    sync()
    assert _deadline(later).rule.amount == 1


def test_forwarding_to_another_tenant_starts_it_there_from_the_day_it_arrived(world, service):
    set_rule(service, amount=3, unit="monate")
    set_rule(service, tenant=world.foreign_tenant, amount=6, unit="wochen")
    case = make_case(org_unit=world.unit, received_at=at(D(2026, 1, 5)), files=False)
    sync()
    with time_machine.travel(at(D(2026, 1, 12)), tick=False):
        case_forward(
            case=case,
            actor=world.poststelle,
            org_unit=world.foreign_unit,
            reason="Zuständig ist die Nachbargemeinde",
        )
        sync()
    deadline = _deadline(case)
    assert deadline.tenant_id == world.foreign_tenant.pk
    assert deadline.received_on == D(2026, 1, 12)
    assert deadline.due_on == D(2026, 2, 23)


def test_a_case_decided_and_closed_before_the_feed_came_by_still_counts(world, service):
    from openvorgang.cases.services import case_decide

    set_rule(service, amount=10, unit="tage")
    with time_machine.travel(at(D(2026, 3, 2)), tick=False):
        case = make_case(org_unit=world.unit, status=CaseStatus.IN_BEARBEITUNG, files=False)
    with time_machine.travel(at(D(2026, 3, 10)), tick=False):
        case_decide(case=case, actor=world.caseworker, decision={"kind": "approval"})
    with time_machine.travel(at(D(2026, 3, 25)), tick=False):
        case_transition(case=case, actor=world.caseworker, action="abschliessen")
        sync()
    deadline = _deadline(case)
    assert deadline.state == DeadlineState.ENDED
    assert deadline.outcome == Outcome.DECIDED  # the step that ended it, not the close
    assert deadline.ended_on == D(2026, 3, 10)
    assert deadline.met is True
