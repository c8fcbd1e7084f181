"""The single write path for changes: the version check, the actor's roles, the conditional
update with its history entry, reasons and workflow checks."""

from __future__ import annotations

import logging
from typing import Any, TypeVar

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from openvorgang.accounts.models import Role, User
from openvorgang.cases.errors import (
    ActionForbidden,
    ActionNotAllowed,
    CaseConflict,
    CaseNotFound,
    InvalidInput,
)
from openvorgang.cases.models import (
    Case,
    CaseEvent,
    CaseStatus,
    EventKind,
)
from openvorgang.cases.policy import (
    roles_for_case,
)
from openvorgang.cases.workflow import DEADLINE_RUNS, TRANSITIONS, Transition

logger = logging.getLogger(__name__)


T = TypeVar("T")


MAX_REASON_LENGTH = 2000


def check_version(case: Case, expected_version: int | None) -> None:
    """A caller that saw an older version acted on a stale view: that is a conflict, whatever
    else would be wrong with the request now."""
    if expected_version is not None and expected_version != case.version:
        raise CaseConflict()


def actor_roles(case: Case, actor: User) -> frozenset[Role]:
    roles = roles_for_case(actor, case)
    if not roles:
        raise CaseNotFound()
    return roles


def _name(person: User | None) -> str:
    return person.display_name if person is not None else ""


def write_change(
    case: Case,
    *,
    actor: User | None,
    changes: dict[str, Any],
    kind: EventKind,
    action: str = "",
    before: dict[str, Any],
    after: dict[str, Any],
    reason: str = "",
    undoes: CaseEvent | None = None,
    actor_name: str = "",
) -> CaseEvent:
    """Apply ``changes`` if the case is still at the version the caller loaded (callers check
    the version the client saw with ``check_version`` first). ``actor`` None is the system
    (e.g. the retention job), named by ``actor_name``."""
    version = case.version
    now = timezone.now()
    if "assignee" in changes:
        changes = {**changes, "assignee_name": _name(changes["assignee"])}
    if "status" in changes and changes["status"] not in DEADLINE_RUNS:
        # the deadline ends with the step (openvorgang.deadlines records how it ended)
        changes = {**changes, "due_on": None}
    with transaction.atomic():
        updated = Case.objects.filter(pk=case.pk, version=version).update(
            **changes, version=version + 1, updated_at=now, search_stale=True
        )
        if updated != 1:
            raise CaseConflict()
        event = CaseEvent.objects.create(
            case=case,
            at=now,
            actor=actor,
            actor_name=actor_name or (actor.display_name if actor else "OpenVorgang"),
            kind=kind,
            action=action,
            before=before,
            after=after,
            reason=reason,
            undoes=undoes,
            case_version=version + 1,
        )
    for name, value in changes.items():
        setattr(case, name, value)
    case.version = version + 1
    case.updated_at = now
    return event


def clean_reason(reason: str, *, required: bool, label: str) -> str:
    text = (reason or "").strip()
    if required and not text:
        raise InvalidInput(
            gettext("Für „%(action)s“ ist eine Begründung erforderlich.") % {"action": label}
        )
    if len(text) > MAX_REASON_LENGTH:
        raise InvalidInput(
            gettext("Die Begründung ist länger als %(limit)d Zeichen.")
            % {"limit": MAX_REASON_LENGTH}
        )
    return text


def check_transition(case: Case, roles: frozenset[Role], action: str) -> Transition:
    transition = TRANSITIONS.get(action)
    if transition is None:
        raise InvalidInput(gettext("Unbekannte Aktion „%(action)s“.") % {"action": action})
    if case.status not in transition.sources:
        raise ActionNotAllowed(
            gettext("„%(action)s“ ist im Status „%(status)s“ nicht möglich.")
            % {"action": transition.label, "status": CaseStatus(case.status).label}
        )
    if not roles & transition.roles:
        raise ActionForbidden(
            gettext("Ihre Rolle erlaubt „%(action)s“ bei diesem Vorgang nicht.")
            % {"action": transition.label}
        )
    return transition
