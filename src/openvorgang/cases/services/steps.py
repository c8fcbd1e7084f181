"""Workflow steps, assignment and the Aktenzeichen."""

from __future__ import annotations

import logging
import re
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from openvorgang.accounts.models import User
from openvorgang.cases import selectors
from openvorgang.cases.errors import (
    ActionForbidden,
    ActionNotAllowed,
    InvalidInput,
)
from openvorgang.cases.models import (
    Case,
    CaseEvent,
    CaseStatus,
    CaseTombstone,
    EventKind,
)
from openvorgang.cases.policy import (
    Capability,
    allows,
    state_allows,
)
from openvorgang.cases.services.core import (
    actor_roles,
    check_transition,
    check_version,
    clean_reason,
    write_change,
)
from openvorgang.cases.services.deletion import delete_finally

logger = logging.getLogger(__name__)


_FILE_NUMBER_RE = re.compile(r"^[^\x00-\x1f\x7f]{0,100}$")


def case_transition(
    *,
    case: Case,
    actor: User,
    action: str,
    reason: str = "",
    expected_version: int | None = None,
    undoes: CaseEvent | None = None,
) -> CaseEvent | CaseTombstone:
    """Take a workflow step (``annehmen``, ``verwerfen`` … see ``workflow.TRANSITIONS``)."""
    roles = actor_roles(case, actor)
    check_version(case, expected_version)
    transition = check_transition(case, roles, action)
    if transition.via_service:
        raise InvalidInput(
            gettext("„%(action)s“ geht nur über die eigene Funktion im Vorgang.")
            % {"action": transition.label}
        )
    text = clean_reason(reason, required=transition.reason_required, label=str(transition.label))
    if action == "loeschen":
        return delete_finally(case, actor=actor, reason=text)
    changes: dict[str, Any]
    if action == "loeschen_zuruecknehmen":
        target = CaseStatus(case.status_before_deletion_mark or CaseStatus.ABGESCHLOSSEN)
        changes = {"status": target, "status_before_deletion_mark": ""}
    else:
        assert transition.target is not None
        target = transition.target
        changes = {"status": target}
        if target == CaseStatus.ZU_LOESCHEN:
            changes["status_before_deletion_mark"] = case.status
    changes["status_since"] = timezone.now()
    with transaction.atomic():
        if _takes_it(case, actor, action):
            # who starts the work on an unassigned case has it: it shows in their "Meine"
            case_assign(case=case, actor=actor, assignee=actor)
        return write_change(
            case,
            actor=actor,
            changes=changes,
            kind=EventKind.STATUS,
            action=action,
            before={"status": case.status},
            after={"status": target},
            reason=text,
            undoes=undoes,
        )


def _takes_it(case: Case, actor: User, action: str) -> bool:
    return (
        action == "bearbeiten"
        and case.assignee_id is None
        and selectors.is_assignable(case=case, user=actor)
        and state_allows(case, Capability.ASSIGN)
        and allows(actor_roles(case, actor), Capability.ASSIGN)
    )


def case_check_action(*, case: Case, actor: User, action: str) -> None:
    """Raise what ``case_transition`` would raise for ``action`` now (before costly work)."""
    check_transition(case, actor_roles(case, actor), action)


def case_decide(
    *,
    case: Case,
    actor: User,
    decision: dict[str, Any],
    expected_version: int | None = None,
) -> CaseEvent:
    """The decision went out: the case becomes BESCHIEDEN and the history entry keeps the
    document, its hash, the channel, the dispatch time and the Bekanntgabe date. Called by
    ``openvorgang.decisions.services`` inside the transaction that stores the decision."""
    return _step_by_service(
        case,
        actor=actor,
        action="bescheiden",
        kind=EventKind.DECISION,
        after={"bescheid": decision},
        expected_version=expected_version,
    )


def case_handover(
    *, case: Case, actor: User, system: str, expected_version: int | None = None
) -> CaseEvent:
    """The case went to a specialist system: WEITERGELEITET, the system named in the history.
    Called by ``openvorgang.records.services.handover`` with the export in one transaction."""
    return _step_by_service(
        case,
        actor=actor,
        action="an_fachverfahren",
        kind=EventKind.STATUS,
        after={"system": system},
        expected_version=expected_version,
    )


def _step_by_service(
    case: Case,
    *,
    actor: User,
    action: str,
    kind: EventKind,
    after: dict[str, Any],
    expected_version: int | None,
) -> CaseEvent:
    """A workflow step taken by an app's own service together with its own work (deciding,
    handing over), with what that service records about it in ``after``."""
    roles = actor_roles(case, actor)
    check_version(case, expected_version)
    transition = check_transition(case, roles, action)
    assert transition.target is not None
    return write_change(
        case,
        actor=actor,
        changes={"status": transition.target, "status_since": timezone.now()},
        kind=kind,
        action=action,
        before={"status": case.status},
        after={"status": transition.target, **after},
    )


def case_assign(
    *,
    case: Case,
    actor: User,
    assignee: User | None,
    expected_version: int | None = None,
    undoes: CaseEvent | None = None,
) -> CaseEvent | None:
    """Assign the case to a caseworker of its org unit (or to nobody). No change: no entry."""
    roles = actor_roles(case, actor)
    check_version(case, expected_version)
    if not allows(roles, Capability.ASSIGN):
        raise ActionForbidden(gettext("Ihre Rolle erlaubt keine Zuweisung bei diesem Vorgang."))
    if not state_allows(case, Capability.ASSIGN):
        raise ActionNotAllowed(
            gettext("Im Status „%(status)s“ kann der Vorgang nicht zugewiesen werden.")
            % {"status": CaseStatus(case.status).label}
        )
    if assignee is not None and not selectors.is_assignable(case=case, user=assignee):
        raise InvalidInput(
            gettext(
                "%(name)s kann diesen Vorgang nicht bearbeiten (andere "
                "Organisationseinheit oder keine Rolle Sachbearbeitung)."
            )
            % {"name": assignee.display_name}
        )
    if (assignee.pk if assignee else None) == case.assignee_id:
        return None
    previous = case.assignee
    return write_change(
        case,
        actor=actor,
        changes={"assignee": assignee},
        kind=EventKind.ASSIGNED,
        action="zuweisen",
        before={"assignee": _person(previous)},
        after={"assignee": _person(assignee)},
        undoes=undoes,
    )


def _person(user: User | None) -> dict[str, Any] | None:
    return None if user is None else {"id": user.pk, "name": user.display_name}


def case_set_file_number(
    *,
    case: Case,
    actor: User,
    file_number: str,
    expected_version: int | None = None,
    undoes: CaseEvent | None = None,
) -> CaseEvent | None:
    """Set or change the Aktenzeichen (empty clears it). No change: no entry."""
    roles = actor_roles(case, actor)
    check_version(case, expected_version)
    if not allows(roles, Capability.FILE_NUMBER):
        raise ActionForbidden(gettext("Ihre Rolle erlaubt nicht, das Aktenzeichen zu ändern."))
    value = (file_number or "").strip()
    if not _FILE_NUMBER_RE.match(value):
        raise InvalidInput(
            gettext("Das Aktenzeichen darf höchstens 100 Zeichen ohne Steuerzeichen haben.")
        )
    if value == case.file_number:
        return None
    return write_change(
        case,
        actor=actor,
        changes={"file_number": value},
        kind=EventKind.FILE_NUMBER,
        action="aktenzeichen",
        before={"file_number": case.file_number},
        after={"file_number": value},
        undoes=undoes,
    )
