"""From the provider's claims to an OpenVorgang user: the tenant by its short name, the
roles (optionally renamed by OPENVORGANG_OIDC_ROLE_MAP), the org units by their
OrganisationsEinheitID. Users are created at their first sign-in and updated at every one,
so the provider stays the source of truth; an account without a known tenant or role is
refused."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from openvorgang.accounts.models import Role, User
from openvorgang.accounts.oidc.client import OidcError
from openvorgang.tenants.models import OrgUnit, Tenant


@dataclass(frozen=True)
class Identity:
    issuer: str
    subject: str
    username: str
    email: str
    first_name: str
    last_name: str
    tenant: Tenant | None
    roles: list[str]
    org_units: list[OrgUnit]


def claim(claims: dict[str, Any], path: str) -> Any:
    """A claim by dotted path (``realm_access.roles``); None if absent."""
    value: Any = claims
    for part in path.split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    return value


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [item for item in value if isinstance(item, str)]
    return []


def mfa_satisfied(claims: dict[str, Any]) -> bool:
    """Whether the provider reports a second factor: an acr from OPENVORGANG_OIDC_MFA_ACR or
    an amr value from OPENVORGANG_OIDC_MFA_AMR (RFC 8176)."""
    if claims.get("acr") in settings.OPENVORGANG_OIDC_MFA_ACR:
        return True
    return bool(set(_strings(claims.get("amr"))) & set(settings.OPENVORGANG_OIDC_MFA_AMR))


def identity(claims: dict[str, Any]) -> Identity:
    role_map = settings.OPENVORGANG_OIDC_ROLE_MAP
    names = _strings(claim(claims, settings.OPENVORGANG_OIDC_CLAIM_ROLES))
    roles = sorted({role_map.get(name, name) for name in names} & set(Role.values))
    if not roles:
        raise OidcError(_("Ihr Dienstkonto hat keine Rolle in OpenVorgang."))
    tenant = None
    slug = claim(claims, settings.OPENVORGANG_OIDC_CLAIM_TENANT)
    if roles != [Role.LAND_BETRIEB.value] or slug:
        tenant = Tenant.objects.filter(slug=str(slug or "")).first()
        if tenant is None:
            raise OidcError(_("Ihr Dienstkonto gehört zu keinem Mandanten in OpenVorgang."))
    oe_ids = _strings(claim(claims, settings.OPENVORGANG_OIDC_CLAIM_ORG_UNITS))
    units = list(OrgUnit.objects.filter(tenant=tenant, oe_id__in=oe_ids)) if tenant else []
    subject = str(claims["sub"])
    return Identity(
        issuer=str(claims["iss"]),
        subject=subject,
        username=str(claims.get("preferred_username") or claims.get("email") or subject)[:120],
        email=str(claims.get("email") or "")[:254],
        first_name=str(claims.get("given_name") or "")[:150],
        last_name=str(claims.get("family_name") or claims.get("name") or "")[:150],
        tenant=tenant,
        roles=roles,
        org_units=units,
    )


def _free_username(wanted: str, subject: str) -> str:
    if not User.objects.filter(username=wanted).exists():
        return wanted
    return f"{wanted[:100]}-{subject[:20]}"


@transaction.atomic
def provision(person: Identity) -> User:
    """The user for ``person``: created at the first sign-in, updated at every one."""
    user = (
        User.objects.select_for_update()
        .filter(oidc_issuer=person.issuer, oidc_subject=person.subject)
        .first()
    )
    if user is None:
        user = User(
            oidc_issuer=person.issuer,
            oidc_subject=person.subject,
            username=_free_username(person.username, person.subject),
        )
        user.set_unusable_password()
    if not user.is_active:  # deactivated here (a new user is active)
        raise OidcError(_("Ihr Konto ist in OpenVorgang gesperrt."))
    user.email = person.email
    user.first_name = person.first_name
    user.last_name = person.last_name
    user.tenant = person.tenant
    user.roles = person.roles
    user.save()
    user.org_units.set(person.org_units)
    return user
