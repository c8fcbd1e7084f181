"""Undo of a user's most recent action, always as a new history entry."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.conf import settings

from openvorgang.cases import selectors, services
from openvorgang.cases.errors import ActionNotAllowed, CaseNotFound
from openvorgang.cases.models import CaseEvent, CaseStatus
from openvorgang.testing.factories import make_case


def test_undo_accept_returns_to_new_and_keeps_both_entries(world):
    case = make_case(org_unit=world.unit)
    accepted = services.case_transition(case=case, actor=world.caseworker, action="annehmen")
    undo = services.case_undo(case=case, actor=world.caseworker)
    case.refresh_from_db()
    assert case.status == CaseStatus.NEU
    assert undo.undoes_id == accepted.pk
    assert undo.action == "zurueckholen"
    assert list(CaseEvent.objects.filter(case=case).values_list("action", flat=True)) == [
        "",
        "annehmen",
        "zurueckholen",
    ]


def test_undo_assignment_restores_the_previous_assignee(world):
    case = make_case(org_unit=world.unit, assignee=world.colleague)
    services.case_assign(case=case, actor=world.poststelle, assignee=world.caseworker)
    event = services.case_undo(case=case, actor=world.poststelle)
    case.refresh_from_db()
    assert case.assignee == world.colleague
    assert event.before["assignee"]["id"] == world.caseworker.pk
    assert event.after["assignee"]["id"] == world.colleague.pk


def test_undo_file_number(world):
    case = make_case(org_unit=world.unit, file_number="alt")
    services.case_set_file_number(case=case, actor=world.caseworker, file_number="neu")
    services.case_undo(case=case, actor=world.caseworker)
    case.refresh_from_db()
    assert case.file_number == "alt"


def test_undo_is_not_undoable_again(world):
    case = make_case(org_unit=world.unit)
    services.case_transition(case=case, actor=world.caseworker, action="annehmen")
    services.case_undo(case=case, actor=world.caseworker)
    with pytest.raises(ActionNotAllowed):
        services.case_undo(case=case, actor=world.caseworker)


def test_only_the_author_can_undo(world):
    case = make_case(org_unit=world.unit)
    services.case_transition(case=case, actor=world.caseworker, action="annehmen")
    assert selectors.undoable_event(case=case, user=world.colleague) is None
    with pytest.raises(ActionNotAllowed):
        services.case_undo(case=case, actor=world.colleague)


def test_no_undo_once_someone_else_changed_the_case(world):
    case = make_case(org_unit=world.unit)
    services.case_transition(case=case, actor=world.caseworker, action="annehmen")
    services.case_set_file_number(case=case, actor=world.colleague, file_number="AZ")
    with pytest.raises(ActionNotAllowed):
        services.case_undo(case=case, actor=world.caseworker)


def test_no_undo_after_the_window(world, settings):
    settings.OPENVORGANG_UNDO_WINDOW_MINUTES = 15
    case = make_case(org_unit=world.unit)
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC), tick=False):
        services.case_transition(case=case, actor=world.caseworker, action="annehmen")
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 14, tzinfo=dt.UTC), tick=False):
        assert selectors.undoable_event(case=case, user=world.caseworker) is not None
    with (
        time_machine.travel(dt.datetime(2026, 3, 2, 9, 16, tzinfo=dt.UTC), tick=False),
        pytest.raises(ActionNotAllowed),
    ):
        services.case_undo(case=case, actor=world.caseworker)


@pytest.mark.parametrize("action", ["bescheiden", "abschliessen", "wiedereroeffnen"])
def test_some_steps_cannot_be_undone(world, action):
    source = {
        "bescheiden": CaseStatus.IN_BEARBEITUNG,
        "abschliessen": CaseStatus.BESCHIEDEN,
        "wiedereroeffnen": CaseStatus.ABGESCHLOSSEN,
    }[action]
    case = make_case(org_unit=world.unit, status=source)
    if action == "bescheiden":  # only with its document, through the decision service
        services.case_decide(case=case, actor=world.caseworker, decision={"id": 1})
    else:
        services.case_transition(case=case, actor=world.caseworker, action=action, reason="Grund")
    with pytest.raises(ActionNotAllowed):
        services.case_undo(case=case, actor=world.caseworker)


def test_the_mail_room_keeps_sight_of_a_case_it_just_accepted_and_assigned(world):
    """Accepted and assigned, the case left the mail room's scope (neither new nor
    unassigned): it stays visible to the mail-room user within the undo window, so that a
    slip can be undone, and disappears after it."""
    start = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False):
        case = make_case(org_unit=world.unit)
        services.case_transition(case=case, actor=world.poststelle, action="annehmen")
        services.case_assign(case=case, actor=world.poststelle, assignee=world.caseworker)
    with time_machine.travel(start + dt.timedelta(minutes=5), tick=False):
        assert list(selectors.cases_visible_to(world.poststelle)) == [case]
        assert selectors.case_get(user=world.poststelle, case_id=case.pk) == case
        services.case_undo(case=case, actor=world.poststelle)  # the assignment
        case.refresh_from_db()
        assert case.assignee is None
    with time_machine.travel(start + dt.timedelta(minutes=10), tick=False):
        services.case_assign(case=case, actor=world.poststelle, assignee=world.colleague)
    late = start + dt.timedelta(minutes=10 + settings.OPENVORGANG_UNDO_WINDOW_MINUTES + 1)
    with time_machine.travel(late, tick=False):
        assert list(selectors.cases_visible_to(world.poststelle)) == []
        with pytest.raises(CaseNotFound):
            selectors.case_get(user=world.poststelle, case_id=case.pk)
