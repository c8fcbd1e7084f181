"""Who sees which case and who may do what with it, in one place.

Each role that works with case content has a scope inside its own tenant:

* Sachbearbeitung: every case of the user's org units.
* Poststelle: the tenant's new (NEU) and unassigned cases, and those it changed itself within
  the undo window (a case it just accepted and assigned stays in sight, to undo a slip).
* Löschberechtigt: the tenant's cases marked for deletion (ZU_LOESCHEN).

Mandanten-Admin and Land-Betrieb never see case content. A case outside every scope does not
exist for the user (404). The same rules exist twice, as a query (``case_scope_q``) for lists
and look-ups and as a predicate on a loaded case (``roles_for_case``) for action checks; a
property-based test keeps the two in step.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from openvorgang.accounts.models import Role, User
from openvorgang.cases import workflow
from openvorgang.cases.models import Case, CaseEvent, CaseStatus

CASE_ROLES = (Role.SACHBEARBEITUNG, Role.POSTSTELLE, Role.LOESCHBERECHTIGT)


def _role_q(user: User, role: Role) -> Q | None:
    if role == Role.SACHBEARBEITUNG:
        if not user.org_unit_ids:
            return None
        return Q(org_unit_id__in=sorted(user.org_unit_ids))
    if role == Role.POSTSTELLE:
        scope = Q(status=CaseStatus.NEU) | Q(assignee__isnull=True)
        recent = _handled_recently(user)
        return scope | Q(pk__in=recent) if recent else scope
    if role == Role.LOESCHBERECHTIGT:
        return Q(status=CaseStatus.ZU_LOESCHEN)
    return None


RECENT_LIMIT = 200


def _undo_cutoff() -> datetime:
    return timezone.now() - timedelta(minutes=settings.OPENVORGANG_UNDO_WINDOW_MINUTES)


def _handled_recently(user: User) -> list[uuid.UUID]:
    """The cases ``user`` changed within the undo window (at most RECENT_LIMIT)."""
    rows = CaseEvent.objects.filter(actor_id=user.pk, at__gte=_undo_cutoff()).order_by()
    return list(rows.values_list("case_id", flat=True).distinct()[:RECENT_LIMIT])


def case_scope_q(user: User) -> Q | None:
    """The filter for all cases ``user`` may see, or None when it may see none."""
    if not user.is_authenticated or not user.is_active or user.tenant_id is None:
        return None
    parts = [q for role in CASE_ROLES if user.has_role(role) and (q := _role_q(user, role))]
    if not parts:
        return None
    combined = parts[0]
    for part in parts[1:]:
        combined |= part
    return Q(tenant_id=user.tenant_id) & combined


def _role_covers(user: User, role: Role, case: Case) -> bool:
    if role == Role.SACHBEARBEITUNG:
        return case.org_unit_id is not None and case.org_unit_id in user.org_unit_ids
    if role == Role.POSTSTELLE:
        if case.status == CaseStatus.NEU or case.assignee_id is None:
            return True
        return CaseEvent.objects.filter(
            case_id=case.pk, actor_id=user.pk, at__gte=_undo_cutoff()
        ).exists()
    if role == Role.LOESCHBERECHTIGT:
        return case.status == CaseStatus.ZU_LOESCHEN
    return False


def case_roles(user: User) -> frozenset[Role]:
    """The user's roles that work on cases of its tenant, whatever the case."""
    if not user.is_authenticated or not user.is_active or user.tenant_id is None:
        return frozenset()
    return frozenset(role for role in CASE_ROLES if user.has_role(role))


def roles_for_case(user: User, case: Case) -> frozenset[Role]:
    """The user's roles whose scope covers ``case`` (empty: the case is invisible to it)."""
    roles = case_roles(user)  # first: an anonymous user has no tenant
    if not roles or case.tenant_id != user.tenant_id:
        return frozenset()
    return frozenset(role for role in roles if _role_covers(user, role, case))


def can_see_case(user: User, case: Case) -> bool:
    return bool(roles_for_case(user, case))


# --- what a role may do with a case it sees ------------------------------------------------


class Capability(StrEnum):
    ASSIGN = "assign"
    FILE_NUMBER = "file_number"
    FORWARD = "forward"
    MESSAGE = "message"
    ADD_FILE = "add_file"
    # keep the processing deadline: completeness, Hemmung, extension
    DEADLINE = "deadline"
    # ask the applicant for missing documents (Nachforderung)
    REQUEST_DOCUMENTS = "request_documents"


_MAIL_ROOM_AND_CASEWORK = frozenset({Role.POSTSTELLE, Role.SACHBEARBEITUNG})
ROLES_FOR: dict[Capability, frozenset[Role]] = {
    Capability.ASSIGN: _MAIL_ROOM_AND_CASEWORK,
    Capability.FILE_NUMBER: _MAIL_ROOM_AND_CASEWORK,
    Capability.FORWARD: _MAIL_ROOM_AND_CASEWORK,
    Capability.MESSAGE: _MAIL_ROOM_AND_CASEWORK,
    Capability.ADD_FILE: frozenset({Role.SACHBEARBEITUNG}),
    Capability.DEADLINE: frozenset({Role.SACHBEARBEITUNG}),
    Capability.REQUEST_DOCUMENTS: frozenset({Role.SACHBEARBEITUNG}),
}


def allows(roles: frozenset[Role], capability: Capability) -> bool:
    """Whether one of ``roles`` (the user's roles covering the case) grants ``capability``."""
    return bool(roles & ROLES_FOR[capability])


def state_allows(case: Case, capability: Capability) -> bool:
    """Whether the case's status permits ``capability`` at all (whoever asks)."""
    if capability == Capability.ASSIGN:
        return case.status != CaseStatus.ZU_LOESCHEN
    if capability == Capability.FORWARD:
        return case.status in workflow.FORWARDABLE
    if capability in (Capability.DEADLINE, Capability.REQUEST_DOCUMENTS):
        return case.status in workflow.DEADLINE_RUNS
    return True


def may(user: User, case: Case, capability: Capability) -> bool:
    """For the UI: offer the action. The services check the same two rules and say which
    one failed."""
    return allows(roles_for_case(user, case), capability) and state_allows(case, capability)


# --- the clearing inboxes ------------------------------------------------------------------


@dataclass(frozen=True)
class ClearingInboxes:
    """Which clearing inboxes a user clears: the Land's (Land operators) and a tenant's own
    (its Poststelle). The one statement of the clearing rule."""

    land: bool
    tenant_id: int | None

    def any(self) -> bool:
        return self.land or self.tenant_id is not None


def clearing_inboxes(user: User) -> ClearingInboxes:
    if not user.is_authenticated or not user.is_active:
        return ClearingInboxes(land=False, tenant_id=None)
    return ClearingInboxes(
        land=user.has_role(Role.LAND_BETRIEB),
        tenant_id=user.tenant_id if user.has_role(Role.POSTSTELLE) else None,
    )


def may_use_clearing(user: User) -> bool:
    return clearing_inboxes(user).any()


def clearing_scope_q(user: User) -> Q | None:
    """The cases waiting in the clearing inboxes ``user`` clears, or None for none."""
    inboxes = clearing_inboxes(user)
    if not inboxes.any():
        return None
    scope = Q(pk__in=[])
    if inboxes.land:
        scope |= Q(tenant__isnull=True)
    if inboxes.tenant_id is not None:
        scope |= Q(tenant_id=inboxes.tenant_id)
    return scope & Q(in_clearing=True)


def may_route_from_clearing(user: User, case: Case) -> bool:
    """``clearing_scope_q`` on a loaded case."""
    inboxes = clearing_inboxes(user)
    if not case.in_clearing:
        return False
    if case.tenant_id is None:
        return inboxes.land
    return inboxes.tenant_id == case.tenant_id
