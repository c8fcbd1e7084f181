"""Onboarding a tenant in one step (idempotent): the tenant, a default org unit, the default
settings (dispatch, retention) and its first admin with an invitation link."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext

from openvorgang.accounts.models import Role, User
from openvorgang.accounts.services import user_upsert
from openvorgang.mailbox.models import DispatchSetting
from openvorgang.outbox.services import delivery_enqueue
from openvorgang.retention.models import RetentionSetting
from openvorgang.tenants.models import OrgUnit, Tenant
from openvorgang.tenants.services import orgunit_upsert, tenant_upsert


@dataclass(frozen=True)
class Onboarded:
    tenant: Tenant
    admin: User
    created: bool
    admin_created: bool
    invitation: str


def invitation_link(user: User) -> str:
    """A one-time link to set the password (Django's reset token: invalid once used)."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return settings.BASE_URL.rstrip("/") + reverse("invitation", args=[uid, token])


def tenant_onboard(
    *,
    name: str,
    kind: str,
    ars: str,
    admin_email: str,
    slug: str | None = None,
    prefix: str | None = None,
    send: bool = True,
) -> Onboarded:
    try:
        validate_email(admin_email)
    except ValidationError as exc:
        raise ValidationError(gettext("Die E-Mail-Adresse des Admins ist ungültig.")) from exc
    with transaction.atomic():
        tenant, result = tenant_upsert(
            name=name, kind=kind, ars=ars, slug=slug, case_number_prefix=prefix
        )
        if not OrgUnit.objects.filter(tenant=tenant).exists():
            orgunit_upsert(
                tenant=tenant,
                name="Allgemeine Verwaltung",
                oe_id=f"{tenant.slug}-allgemein",
                is_default=True,
            )
        DispatchSetting.objects.get_or_create(tenant=tenant, defaults={"letterhead": name})
        RetentionSetting.objects.get_or_create(tenant=tenant)
        existing = User.objects.filter(tenant=tenant, email__iexact=admin_email).first()
        admin, upserted = user_upsert(
            tenant=tenant,
            username=existing.username if existing else admin_email.lower()[:150],
            roles=sorted({*(existing.roles if existing else []), Role.MANDANTEN_ADMIN}),
            email=admin_email,
            org_units=list(existing.org_units.all()) if existing else [],
        )
        link = invitation_link(admin)
        if send and upserted.created:
            delivery_enqueue(
                transport="email",
                target=admin_email,
                payload={
                    "subject": f"Einladung zu OpenVorgang: {tenant.name}",
                    "body": "\n".join(
                        [
                            f"Sie sind als Administrator/in für {tenant.name} eingerichtet.",
                            "Bitte legen Sie hier Ihr Passwort fest:",
                            link,
                            "",
                            "– OpenVorgang",
                        ]
                    ),
                },
                tenant=tenant,
            )
    return Onboarded(tenant, admin, result.created, upserted.created, link)
