from typing import Any

from django.http import HttpRequest

from openvorgang.accounts.models import Role, User
from openvorgang.cases.policy import CASE_ROLES
from openvorgang.notify.selectors import unread_count


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if not isinstance(user, User) or not user.is_authenticated:
        return {}
    return {
        "nav_cases": any(user.has_role(role) for role in CASE_ROLES),
        "nav_admin": user.has_role(Role.MANDANTEN_ADMIN) or user.has_role(Role.LAND_BETRIEB),
        "nav_deletion": user.has_role(Role.LOESCHBERECHTIGT),
        "nav_stats": user.has_role(Role.LAND_BETRIEB)
        or (
            user.tenant_id is not None
            and any(
                user.has_role(r)
                for r in (Role.MANDANTEN_ADMIN, Role.POSTSTELLE, Role.SACHBEARBEITUNG)
            )
        ),
        "nav_clearing": user.has_role(Role.LAND_BETRIEB)
        or (user.has_role(Role.POSTSTELLE) and user.tenant_id is not None),
        "role_labels": [Role(r).label for r in user.roles if r in Role.values],
        "unread_notices": _unread(user),
        "nav_section": _section(request),
    }


SECTIONS = {
    "cases:clearing": "clearing",
    "cases:clearing-detail": "clearing",
    "cases:forwarded": "forwarded",
    "search": "search",
}
NAMESPACES = {
    "cases": "cases",
    "stats": "stats",
    "notify": "notices",
    "retention": "deletion",
    "directory": "rules",
    "tenantadmin": "admin",
    "records": "admin",
    "webhooks": "admin",
    "decisions": "admin",
    "web": "admin",
}


def _section(request: HttpRequest) -> str:
    """Which item of the main navigation the page belongs to (marked aria-current)."""
    match = request.resolver_match
    if match is None:
        return ""
    if match.view_name in SECTIONS:
        return SECTIONS[match.view_name]
    return NAMESPACES.get(match.namespace.split(":")[0], "")


def _unread(user: User) -> int:
    return unread_count(user=user)
