"""Writes of users and API tokens."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext

from openvorgang.accounts.models import ApiToken, Role, User
from openvorgang.accounts.tokens import hash_token, new_token
from openvorgang.tenants.models import OrgUnit, Tenant

# Roles whose work happens inside org units.
ORG_UNIT_ROLES = frozenset({Role.SACHBEARBEITUNG})


@dataclass(frozen=True)
class UserUpserted:
    created: bool
    changed: list[str]


def user_upsert(
    *,
    tenant: Tenant,
    username: str,
    roles: Sequence[str],
    org_units: Sequence[OrgUnit] = (),
    password: str | None = None,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    validate_password_strength: bool = True,
) -> tuple[User, UserUpserted]:
    """Create or update a user of ``tenant``. Roles and org units are set to exactly the given
    ones. A password, when given, is checked against the password rules and stored hashed."""
    role_list = sorted(set(roles))
    if not role_list:
        raise ValidationError(gettext("Mindestens eine Rolle ist anzugeben."))
    foreign = [unit.oe_id for unit in org_units if unit.tenant_id != tenant.pk]
    if foreign:
        raise ValidationError(
            gettext("Organisationseinheit(en) %(units)s gehören nicht zum Mandanten.")
            % {"units": ", ".join(foreign)}
        )
    if ORG_UNIT_ROLES & {Role(r) for r in role_list if r in Role.values} and not org_units:
        raise ValidationError(
            gettext("Die Rolle Sachbearbeitung braucht mindestens eine Organisationseinheit.")
        )
    with transaction.atomic():
        user = User.objects.select_for_update().filter(username=username).first()
        created = user is None
        if user is None:
            user = User(username=username)
        elif user.tenant_id != tenant.pk:
            raise ValidationError(
                gettext("Der Benutzer %(username)r gehört zu einem anderen Mandanten.")
                % {"username": username}
            )
        values: dict[str, object] = {
            "tenant": tenant,
            "roles": role_list,
            "first_name": first_name or user.first_name,
            "last_name": last_name or user.last_name,
            "email": email or user.email,
        }
        changed = [k for k, v in values.items() if getattr(user, k) != v]
        for key, value in values.items():
            setattr(user, key, value)
        if password is not None:
            if validate_password_strength:
                validate_password(password, user)
            if created or not user.check_password(password):
                user.set_password(password)
                changed.append("password")
        elif created:
            user.set_unusable_password()
        user.full_clean(exclude=["password"])
        user.save()
        before = set(user.org_units.values_list("pk", flat=True))
        wanted = {unit.pk for unit in org_units}
        if before != wanted:
            user.org_units.set(list(org_units))
            changed.append("org_units")
        user.__dict__.pop("org_unit_ids", None)
        return user, UserUpserted(created=created, changed=[] if created else changed)


def user_set_active(*, user: User, active: bool) -> None:
    """A deactivated user can no longer sign in (password, SSO or token); the data stays."""
    if user.is_active != active:
        user.is_active = active
        user.save(update_fields=["is_active"])


def api_token_create(*, user: User, name: str = "") -> tuple[ApiToken, str]:
    """Create a token; returns the model and the clear token, which is not stored."""
    raw = new_token()
    token = ApiToken.objects.create(user=user, name=name, prefix=raw[:10], key_hash=hash_token(raw))
    return token, raw
