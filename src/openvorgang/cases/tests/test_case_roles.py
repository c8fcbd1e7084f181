"""Which role may take which step: for every action and every role, from a state where the
action is valid. A role that does not see the case gets 'not found'; a role that sees it but
may not act gets a 'forbidden' error; the case stays unchanged either way."""

from __future__ import annotations

import pytest

from openvorgang.accounts.models import Role
from openvorgang.cases import services
from openvorgang.cases.errors import ActionForbidden, CaseNotFound
from openvorgang.cases.models import Case, CaseStatus
from openvorgang.cases.workflow import TRANSITIONS
from openvorgang.testing.factories import make_case

ROLE_USER = {
    Role.POSTSTELLE: "poststelle",
    Role.SACHBEARBEITUNG: "caseworker",
    Role.LOESCHBERECHTIGT: "deleter",
    Role.MANDANTEN_ADMIN: "admin",
    Role.LAND_BETRIEB: "operator",
}

# (action, role) pairs that succeed on an unassigned case of the caseworker's org unit.
ALLOWED = {
    ("annehmen", Role.POSTSTELLE),
    ("annehmen", Role.SACHBEARBEITUNG),
    ("verwerfen", Role.POSTSTELLE),
    ("verwerfen", Role.SACHBEARBEITUNG),
    ("bearbeiten", Role.SACHBEARBEITUNG),
    ("bescheiden", Role.SACHBEARBEITUNG),
    ("abschliessen", Role.SACHBEARBEITUNG),
    ("zurueckholen", Role.POSTSTELLE),
    ("zurueckholen", Role.SACHBEARBEITUNG),
    ("zurueckstellen", Role.SACHBEARBEITUNG),
    ("wiedereroeffnen", Role.SACHBEARBEITUNG),
    ("zum_loeschen_markieren", Role.SACHBEARBEITUNG),
    ("loeschen_zuruecknehmen", Role.SACHBEARBEITUNG),
    ("loeschen_zuruecknehmen", Role.LOESCHBERECHTIGT),
    ("loeschen", Role.LOESCHBERECHTIGT),
    ("an_fachverfahren", Role.SACHBEARBEITUNG),
}


def _take(case, actor, action):
    if action == "bescheiden":  # only with its document, through the decision service
        return services.case_decide(case=case, actor=actor, decision={"id": 1})
    if TRANSITIONS[action].via_service:
        return services.case_handover(case=case, actor=actor, system="Fachverfahren")
    return services.case_transition(case=case, actor=actor, action=action, reason="Begründung")


@pytest.mark.parametrize("role", list(ROLE_USER))
@pytest.mark.parametrize("action", list(TRANSITIONS))
def test_role_matrix(world, action, role):
    source = sorted(TRANSITIONS[action].sources)[0]
    case = make_case(org_unit=world.unit, status=source, assignee=None)
    actor = getattr(world, ROLE_USER[role])
    transition = TRANSITIONS[action]
    if (action, role) in ALLOWED:
        _take(case, actor, action)
        after = Case.objects.filter(pk=case.pk).first()
        if action == "loeschen":
            assert after is None  # final deletion: the case is gone
        elif transition.target is not None:
            assert after.status == transition.target
        else:  # restore: back to the status before the deletion mark
            assert after.status != source
        return
    expected = ActionForbidden if _sees(role, source) else CaseNotFound
    with pytest.raises(expected):
        _take(case, actor, action)
    assert Case.objects.get(pk=case.pk).status == source


def _sees(role, status):
    """Who sees an unassigned case of the caseworker's org unit (docs/operations.md): tenant
    admins and Land operators never see case content, the deletion officer only cases marked
    for deletion, the mail room and the unit's caseworkers all of them."""
    if role in (Role.MANDANTEN_ADMIN, Role.LAND_BETRIEB):
        return False
    if role == Role.LOESCHBERECHTIGT:
        return status == CaseStatus.ZU_LOESCHEN
    return True


def test_caseworker_of_another_org_unit_does_not_see_the_case(world):
    case = make_case(org_unit=world.unit, status=CaseStatus.ANGENOMMEN, assignee=world.caseworker)
    with pytest.raises(CaseNotFound):
        services.case_transition(case=case, actor=world.other_unit_caseworker, action="bearbeiten")


def test_poststelle_loses_sight_of_an_assigned_case_in_progress(world):
    case = make_case(org_unit=world.unit, status=CaseStatus.ANGENOMMEN, assignee=world.caseworker)
    with pytest.raises(CaseNotFound):
        services.case_transition(case=case, actor=world.poststelle, action="zurueckholen")


def test_deactivated_user_can_do_nothing(world):
    case = make_case(org_unit=world.unit)
    world.caseworker.is_active = False
    world.caseworker.save()
    with pytest.raises(CaseNotFound):
        services.case_transition(case=case, actor=world.caseworker, action="annehmen")
