"""Undoing the actor's latest action."""

from __future__ import annotations

import logging

from django.utils.translation import gettext

from openvorgang.accounts.models import User
from openvorgang.cases import selectors
from openvorgang.cases.errors import (
    ActionNotAllowed,
)
from openvorgang.cases.models import (
    Case,
    CaseEvent,
    EventKind,
)
from openvorgang.cases.services.core import actor_roles
from openvorgang.cases.services.steps import case_assign, case_set_file_number, case_transition
from openvorgang.cases.workflow import TRANSITIONS

logger = logging.getLogger(__name__)


def case_undo(*, case: Case, actor: User) -> CaseEvent:
    """Undo the actor's most recent action on the case, as a new history entry. Possible only
    while it is the case's latest change, within the undo window, and for undoable kinds."""
    actor_roles(case, actor)
    event = selectors.undoable_event(case=case, user=actor)
    if event is None:
        raise ActionNotAllowed(
            gettext("Es gibt keine Aktion, die Sie hier rückgängig machen können.")
        )
    if event.kind == EventKind.STATUS:
        undo_action = TRANSITIONS[event.action].undo_action
        assert undo_action is not None
        result = case_transition(case=case, actor=actor, action=undo_action, undoes=event)
        assert isinstance(result, CaseEvent)
        return result
    if event.kind == EventKind.ASSIGNED:
        previous_id = (event.before.get("assignee") or {}).get("id")
        previous = User.objects.filter(pk=previous_id).first() if previous_id else None
        result_event = case_assign(case=case, actor=actor, assignee=previous, undoes=event)
    else:
        result_event = case_set_file_number(
            case=case, actor=actor, file_number=event.before.get("file_number", ""), undoes=event
        )
    if result_event is None:  # pragma: no cover - the latest event always changed something
        raise ActionNotAllowed(gettext("Es gibt nichts rückgängig zu machen."))
    return result_event
