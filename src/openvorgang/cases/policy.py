"""Who sees which case, in one place.

Each role that works with case content has a scope inside its own tenant:

* Sachbearbeitung: every case of the user's org units.
* Poststelle: the tenant's new (NEU) and unassigned cases.
* Löschberechtigt: the tenant's cases marked for deletion (ZU_LOESCHEN).

Mandanten-Admin and Land-Betrieb never see case content. A case outside every scope does not
exist for the user (404). The same rules exist twice, as a query (``case_scope_q``) for lists
and look-ups and as a predicate on a loaded case (``roles_for_case``) for action checks; a
property-based test keeps the two in step.
"""

from __future__ import annotations

from django.db.models import Q

from openvorgang.accounts.models import Role, User
from openvorgang.cases.models import Case, CaseStatus

CASE_ROLES = (Role.SACHBEARBEITUNG, Role.POSTSTELLE, Role.LOESCHBERECHTIGT)


def _role_q(user: User, role: Role) -> Q | None:
    if role == Role.SACHBEARBEITUNG:
        if not user.org_unit_ids:
            return None
        return Q(org_unit_id__in=sorted(user.org_unit_ids))
    if role == Role.POSTSTELLE:
        return Q(status=CaseStatus.NEU) | Q(assignee__isnull=True)
    if role == Role.LOESCHBERECHTIGT:
        return Q(status=CaseStatus.ZU_LOESCHEN)
    return None


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
        return case.status == CaseStatus.NEU or case.assignee_id is None
    if role == Role.LOESCHBERECHTIGT:
        return case.status == CaseStatus.ZU_LOESCHEN
    return False


def roles_for_case(user: User, case: Case) -> frozenset[Role]:
    """The user's roles whose scope covers ``case`` (empty: the case is invisible to it)."""
    if not user.is_authenticated or not user.is_active or user.tenant_id is None:
        return frozenset()
    if case.tenant_id != user.tenant_id:
        return frozenset()
    return frozenset(
        role for role in CASE_ROLES if user.has_role(role) and _role_covers(user, role, case)
    )


def can_see_case(user: User, case: Case) -> bool:
    return bool(roles_for_case(user, case))
