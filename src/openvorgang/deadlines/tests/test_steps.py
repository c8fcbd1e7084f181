"""The caseworker's deadline steps: completeness, Hemmung and its end, the one extension
(told to the applicant), each in the history; bad input is a German message and nothing is
written."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from openvorgang.cases.errors import (
    ActionForbidden,
    ActionNotAllowed,
    CaseConflict,
    CaseNotFound,
    InvalidInput,
)
from openvorgang.cases.models import CaseEvent, CaseStatus, EventKind
from openvorgang.deadlines.models import CaseDeadline, DeadlinePause, DeadlineState
from openvorgang.deadlines.services import (
    deadline_complete,
    deadline_extend,
    deadline_pause,
    deadline_resume,
)
from openvorgang.deadlines.tests.conftest import at, set_rule, sync
from openvorgang.mailbox.models import Direction, Message
from openvorgang.testing.factories import make_case

D = dt.date
MONDAY = D(2026, 3, 2)


@pytest.fixture
def running(world, service):
    """A case received Monday 2 March 2026 with a 30-day deadline (ends 1 April)."""
    set_rule(service, amount=30, unit="tage", extension_allowed=True, fiction=True)
    case = make_case(
        org_unit=world.unit,
        status=CaseStatus.IN_BEARBEITUNG,
        received_at=at(MONDAY),
        applicant_name="Erika Mustermann",
        files=False,
    )
    case.applicant_email = "erika@example.org"
    case.save(update_fields=["applicant_email"])
    sync()
    case.refresh_from_db()
    return case


def _deadline(case):
    return CaseDeadline.objects.get(case=case)


def test_a_pause_stops_the_clock_and_the_resumption_moves_the_end(world, running):
    with time_machine.travel(at(D(2026, 3, 10)), tick=False):
        deadline_pause(
            case=running, actor=world.caseworker, on=D(2026, 3, 10), reason="Unterlagen fehlen"
        )
    deadline = _deadline(running)
    assert deadline.state == DeadlineState.PAUSED
    assert deadline.due_on is None
    running.refresh_from_db()
    assert running.due_on is None
    with time_machine.travel(at(D(2026, 3, 17)), tick=False):
        deadline_resume(case=running, actor=world.caseworker, on=D(2026, 3, 17))
    deadline = _deadline(running)
    assert deadline.state == DeadlineState.RUNNING
    assert deadline.due_on == D(2026, 4, 8)  # 1 April + 7 days standing still
    actions = list(
        CaseEvent.objects.filter(case=running, kind=EventKind.DEADLINE).values_list(
            "action", "reason"
        )
    )
    assert actions == [("gehemmt", "Unterlagen fehlen"), ("fortgesetzt", "")]


def test_a_pause_needs_a_running_deadline_a_reason_and_a_day_not_ahead(world, running):
    with time_machine.travel(at(D(2026, 3, 10)), tick=False):
        with pytest.raises(InvalidInput, match="Grund"):
            deadline_pause(case=running, actor=world.caseworker, on=D(2026, 3, 10), reason=" ")
        with pytest.raises(InvalidInput, match="Zukunft"):
            deadline_pause(case=running, actor=world.caseworker, on=D(2026, 3, 11), reason="x")
        with pytest.raises(InvalidInput, match=r"nicht vor dem 02\.03\.2026"):
            deadline_pause(case=running, actor=world.caseworker, on=D(2026, 2, 1), reason="x")
        deadline_pause(case=running, actor=world.caseworker, on=D(2026, 3, 10), reason="x")
        with pytest.raises(ActionNotAllowed, match="laufende Frist"):
            deadline_pause(case=running, actor=world.caseworker, on=D(2026, 3, 10), reason="y")
    assert DeadlinePause.objects.filter(deadline__case=running).count() == 1


def test_no_pause_after_the_deadline_ran_out(world, running):
    with (
        time_machine.travel(at(D(2026, 4, 3)), tick=False),
        pytest.raises(ActionNotAllowed, match="abgelaufen"),
    ):
        deadline_pause(case=running, actor=world.caseworker, on=D(2026, 4, 3), reason="x")


def test_resume_without_a_pause_is_refused(world, running):
    with pytest.raises(ActionNotAllowed, match="nicht gehemmt"):
        deadline_resume(case=running, actor=world.caseworker, on=D(2026, 3, 5))


def test_completeness_starts_a_deadline_counted_from_it(world, service):
    set_rule(service, amount=1, unit="monate", starts="vollstaendig")
    case = make_case(org_unit=world.unit, status=CaseStatus.ANGENOMMEN, received_at=at(MONDAY))
    sync()
    case.refresh_from_db()
    with time_machine.travel(at(D(2026, 3, 20)), tick=False):
        with pytest.raises(InvalidInput, match=r"vor dem 02\.03\.2026"):
            deadline_complete(case=case, actor=world.caseworker, on=D(2026, 2, 27))
        deadline_complete(case=case, actor=world.caseworker, on=D(2026, 3, 16))
        with pytest.raises(ActionNotAllowed, match=r"schon zum 16\.03\.2026"):
            deadline_complete(case=case, actor=world.caseworker, on=D(2026, 3, 17))
    deadline = _deadline(case)
    assert deadline.state == DeadlineState.RUNNING
    assert deadline.complete_on == D(2026, 3, 16)
    assert deadline.due_on == D(2026, 4, 16)
    case.refresh_from_db()
    assert case.due_on == D(2026, 4, 16)


def test_one_extension_with_its_reason_sent_to_the_applicant(world, running):
    with time_machine.travel(at(D(2026, 3, 25)), tick=False):
        deadline_extend(
            case=running,
            actor=world.caseworker,
            amount=1,
            unit="monate",
            reason="Eine Stellungnahme der Denkmalpflege steht aus.",
        )
        with pytest.raises(ActionNotAllowed, match="schon einmal"):
            deadline_extend(
                case=running, actor=world.caseworker, amount=1, unit="monate", reason="noch mal"
            )
    deadline = _deadline(running)
    assert deadline.due_on == D(2026, 5, 4)  # 1 April + 1 month = Friday 1 May, a holiday
    letter = Message.objects.get(case=running, direction=Direction.OUT)
    assert letter.subject == "Verlängerung der Bearbeitungsfrist"
    assert "04.05.2026" in letter.text
    assert "Denkmalpflege" in letter.text
    assert "§ 42a" in letter.text  # the fiction's deadline is extended too


def test_an_extension_is_refused_where_the_rule_has_none_or_after_the_end(world, service):
    set_rule(service, amount=10, unit="tage")
    case = make_case(org_unit=world.unit, status=CaseStatus.IN_BEARBEITUNG, received_at=at(MONDAY))
    sync()
    case.refresh_from_db()
    with pytest.raises(ActionNotAllowed, match="keine Verlängerung"):
        deadline_extend(case=case, actor=world.caseworker, amount=1, unit="wochen", reason="x")


def test_an_extension_after_the_deadline_ended_is_refused(world, running):
    with (
        time_machine.travel(at(D(2026, 4, 2)), tick=False),
        pytest.raises(ActionNotAllowed, match="nur vorher"),
    ):
        deadline_extend(
            case=running, actor=world.caseworker, amount=1, unit="monate", reason="zu spät"
        )
    assert not Message.objects.filter(case=running).exists()
    assert _deadline(running).extended_on is None


def test_bad_extension_input_writes_nothing(world, running):
    for amount, unit, reason in ((0, "monate", "x"), (1, "jahre", "x"), (1, "monate", "")):
        with pytest.raises(InvalidInput):
            deadline_extend(
                case=running, actor=world.caseworker, amount=amount, unit=unit, reason=reason
            )
    assert _deadline(running).extended_on is None


def test_only_caseworkers_who_see_the_case_keep_its_deadline(world, running):
    with pytest.raises(CaseNotFound):
        deadline_pause(case=running, actor=world.foreign_caseworker, on=MONDAY, reason="x")
    with pytest.raises(CaseNotFound):
        deadline_pause(case=running, actor=world.other_unit_caseworker, on=MONDAY, reason="x")
    with pytest.raises(ActionForbidden):
        deadline_pause(case=running, actor=world.poststelle, on=MONDAY, reason="x")


def test_a_stale_page_is_a_conflict(world, running):
    with pytest.raises(CaseConflict):
        deadline_resume(
            case=running, actor=world.caseworker, on=MONDAY, expected_version=running.version - 1
        )


def test_no_step_on_a_decided_case(world, running):
    running.status = CaseStatus.BESCHIEDEN
    with pytest.raises(ActionNotAllowed, match="beendet"):
        deadline_pause(case=running, actor=world.caseworker, on=MONDAY, reason="x")
