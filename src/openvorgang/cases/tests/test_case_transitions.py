"""Every action from every state: allowed steps change status and write history, forbidden
ones raise a German domain error and write nothing."""

from __future__ import annotations

import pytest

from openvorgang.cases import services
from openvorgang.cases.errors import ActionNotAllowed, CaseNotFound, InvalidInput
from openvorgang.cases.models import Case, CaseEvent, CaseStatus, CaseTombstone, EventKind
from openvorgang.cases.workflow import TRANSITIONS
from openvorgang.testing.factories import make_case

EXPECTED = {
    ("annehmen", "NEU"): "ANGENOMMEN",
    ("verwerfen", "NEU"): "VERWORFEN",
    ("bearbeiten", "ANGENOMMEN"): "IN_BEARBEITUNG",
    ("bescheiden", "IN_BEARBEITUNG"): "BESCHIEDEN",
    ("abschliessen", "BESCHIEDEN"): "ABGESCHLOSSEN",
    ("zurueckholen", "VERWORFEN"): "NEU",
    ("zurueckholen", "ANGENOMMEN"): "NEU",
    ("zurueckstellen", "IN_BEARBEITUNG"): "ANGENOMMEN",
    ("wiedereroeffnen", "BESCHIEDEN"): "IN_BEARBEITUNG",
    ("wiedereroeffnen", "ABGESCHLOSSEN"): "IN_BEARBEITUNG",
    ("zum_loeschen_markieren", "ABGESCHLOSSEN"): "ZU_LOESCHEN",
    ("zum_loeschen_markieren", "VERWORFEN"): "ZU_LOESCHEN",
    ("loeschen_zuruecknehmen", "ZU_LOESCHEN"): "ABGESCHLOSSEN",  # back to the state before
    ("loeschen", "ZU_LOESCHEN"): None,  # removed
    # the handover to a specialist system (taken through case_handover, with the export)
    ("an_fachverfahren", "ANGENOMMEN"): "WEITERGELEITET",
    ("an_fachverfahren", "IN_BEARBEITUNG"): "WEITERGELEITET",
    ("abschliessen", "WEITERGELEITET"): "ABGESCHLOSSEN",
    ("wiedereroeffnen", "WEITERGELEITET"): "IN_BEARBEITUNG",
}


def _take(case, actor, action, reason):
    """The step through the service that owns it: most through case_transition, the handover
    through case_handover (which the records app calls together with the export)."""
    if action == "bescheiden":  # only with a decision document (openvorgang.decisions)
        return services.case_decide(case=case, actor=actor, decision=DECISION)
    if TRANSITIONS[action].via_service:
        return services.case_handover(case=case, actor=actor, system="Fachverfahren")
    return services.case_transition(case=case, actor=actor, action=action, reason=reason)


DECISION = {"id": 1, "kind": "approval", "document": "Bescheid.pdf"}


def _actor_for(world, action):
    """A user whose role allows the action (the caseworker for most, the deleter for loeschen)."""
    return world.deleter if action == "loeschen" else world.caseworker


def test_the_table_matches_the_specified_workflow():
    table = {
        (action, str(source)): (str(t.target) if t.target else None)
        for action, t in TRANSITIONS.items()
        for source in t.sources
    }
    specified = dict(EXPECTED.items())
    specified[("loeschen_zuruecknehmen", "ZU_LOESCHEN")] = None  # computed target
    assert table == specified


@pytest.mark.parametrize(("action", "source"), sorted(EXPECTED))
def test_allowed_transition_changes_status_and_writes_history(world, action, source):
    case = make_case(org_unit=world.unit, status=CaseStatus(source))
    actor = _actor_for(world, action)
    result = _take(case, actor, action, "Weil es so ist")
    target = EXPECTED[(action, source)]
    if target is None:
        assert isinstance(result, CaseTombstone)
        assert not Case.objects.filter(pk=case.pk).exists()
        return
    case.refresh_from_db()
    assert case.status == target
    # who starts the work on an unassigned case is assigned with it (one more entry)
    version = 3 if action == "bearbeiten" else 2
    assert case.version == version
    event = CaseEvent.objects.filter(case=case).latest("id")
    assert event.kind == (EventKind.DECISION if action == "bescheiden" else EventKind.STATUS)
    assert event.action == action
    assert event.actor == actor
    assert event.before == {"status": source}
    if action == "bescheiden":
        assert event.after == {"status": target, "bescheid": DECISION}
    elif TRANSITIONS[action].via_service:
        assert event.after == {"status": target, "system": "Fachverfahren"}
    else:
        assert event.after == {"status": target}
        assert event.reason == "Weil es so ist"
    assert event.case_version == version


FORBIDDEN = [
    (action, status)
    for action in TRANSITIONS
    for status in CaseStatus.values
    if (action, status) not in EXPECTED
]


@pytest.mark.parametrize(("action", "source"), FORBIDDEN)
def test_forbidden_transition_is_refused_and_writes_nothing(world, action, source):
    case = make_case(org_unit=world.unit, status=CaseStatus(source))
    actor = _actor_for(world, action)
    events_before = CaseEvent.objects.filter(case=case).count()
    with pytest.raises((ActionNotAllowed, CaseNotFound)) as info:
        _take(case, actor, action, "x")
    if isinstance(info.value, ActionNotAllowed):
        assert "nicht möglich" in info.value.message
    case.refresh_from_db()
    assert case.status == source
    assert case.version == 1
    assert CaseEvent.objects.filter(case=case).count() == events_before


def test_no_plain_step_reaches_beschieden(world):
    """Only a decision with its document does (openvorgang.decisions.services)."""
    case = make_case(org_unit=world.unit, status=CaseStatus.IN_BEARBEITUNG)
    with pytest.raises(InvalidInput, match="geht nur über die eigene Funktion"):
        services.case_transition(case=case, actor=world.caseworker, action="bescheiden")
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_BEARBEITUNG
    assert case.version == 1


def test_starting_work_on_an_unassigned_case_assigns_it(world):
    case = make_case(org_unit=world.unit, status=CaseStatus.ANGENOMMEN)
    services.case_transition(case=case, actor=world.caseworker, action="bearbeiten")
    case.refresh_from_db()
    assert case.assignee == world.caseworker
    kinds = list(CaseEvent.objects.filter(case=case).order_by("id").values_list("kind", flat=True))
    assert kinds[-2:] == [EventKind.ASSIGNED, EventKind.STATUS]
    # the step itself is still the one undone right after
    services.case_undo(case=case, actor=world.caseworker)
    case.refresh_from_db()
    assert case.status == CaseStatus.ANGENOMMEN


def test_starting_work_on_an_assigned_case_keeps_its_assignee(world):
    case = make_case(org_unit=world.unit, status=CaseStatus.ANGENOMMEN)
    services.case_assign(case=case, actor=world.poststelle, assignee=world.colleague)
    services.case_transition(case=case, actor=world.caseworker, action="bearbeiten")
    case.refresh_from_db()
    assert case.assignee == world.colleague
    assert case.status == CaseStatus.IN_BEARBEITUNG


def test_restore_returns_to_the_state_before_the_mark(world):
    case = make_case(org_unit=world.unit, status=CaseStatus.VERWORFEN)
    services.case_transition(case=case, actor=world.caseworker, action="zum_loeschen_markieren")
    assert case.status_before_deletion_mark == CaseStatus.VERWORFEN
    services.case_transition(case=case, actor=world.caseworker, action="loeschen_zuruecknehmen")
    case.refresh_from_db()
    assert case.status == CaseStatus.VERWORFEN
    assert case.status_before_deletion_mark == ""


@pytest.mark.parametrize("action", ["verwerfen", "wiedereroeffnen", "loeschen"])
def test_reason_is_required_for_some_steps(world, action):
    source = next(s for (a, s) in EXPECTED if a == action)
    case = make_case(org_unit=world.unit, status=CaseStatus(source))
    with pytest.raises(InvalidInput, match="Begründung"):
        services.case_transition(
            case=case, actor=_actor_for(world, action), action=action, reason=" "
        )
    case.refresh_from_db()
    assert case.status == source


def test_unknown_action_is_an_input_error(world):
    case = make_case(org_unit=world.unit)
    with pytest.raises(InvalidInput, match="Unbekannte Aktion"):
        services.case_transition(case=case, actor=world.caseworker, action="explodieren")


def test_status_since_moves_with_each_step(world):
    case = make_case(org_unit=world.unit)
    before = case.status_since
    services.case_transition(case=case, actor=world.caseworker, action="annehmen")
    case.refresh_from_db()
    assert case.status_since > before
