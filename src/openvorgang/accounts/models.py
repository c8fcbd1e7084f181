"""Users, their roles and personal API tokens."""

from __future__ import annotations

from functools import cached_property

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from openvorgang.lib.crypto_fields import EncryptedTextField
from openvorgang.tenants.models import OrgUnit, Tenant


class Role(models.TextChoices):
    POSTSTELLE = "poststelle", _("Poststelle")
    SACHBEARBEITUNG = "sachbearbeitung", _("Sachbearbeitung")
    LOESCHBERECHTIGT = "loeschberechtigt", _("Löschberechtigt")
    MANDANTEN_ADMIN = "mandanten_admin", _("Mandanten-Admin")
    LAND_BETRIEB = "land_betrieb", _("Land-Betrieb")


def validate_roles(value: object) -> None:
    if not isinstance(value, list) or not all(isinstance(r, str) for r in value):
        raise ValidationError(_("Rollen müssen eine Liste sein."), code="roles")
    unknown = sorted(set(value) - set(Role.values))
    if unknown:
        raise ValidationError(
            _("Unbekannte Rolle(n): %(roles)s"), params={"roles": ", ".join(unknown)}, code="roles"
        )


class User(AbstractUser):
    """A person working with OpenVorgang. Belongs to one tenant and one or more org units; what
    it may see and do follows from its roles (see ``openvorgang.cases.policy``)."""

    tenant = models.ForeignKey(
        Tenant,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("Mandant"),
    )
    org_units = models.ManyToManyField(
        OrgUnit, blank=True, related_name="members", verbose_name=_("Organisationseinheiten")
    )
    roles = models.JSONField(_("Rollen"), default=list, blank=True, validators=[validate_roles])
    # Set for accounts of the single sign-on provider: its issuer and the subject (sub) there.
    oidc_issuer = models.CharField(_("OIDC-Aussteller"), max_length=255, blank=True)
    oidc_subject = models.CharField(_("OIDC-Subjekt"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("Benutzer")
        verbose_name_plural = _("Benutzer")
        constraints = [
            models.UniqueConstraint(
                fields=["oidc_issuer", "oidc_subject"],
                condition=~models.Q(oidc_subject=""),
                name="user_unique_oidc_subject",
            )
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        full = self.get_full_name().strip()
        return full or self.username

    @property
    def role_labels(self) -> str:
        """The roles as people read them ("Mandanten-Admin", not ``mandanten_admin``)."""
        return ", ".join(str(Role(r).label) if r in Role.values else r for r in self.roles)

    def has_role(self, role: Role | str) -> bool:
        return self.is_active and str(role) in self.roles

    @cached_property
    def org_unit_ids(self) -> frozenset[int]:
        """The ids of the user's org units, read once per request."""
        return frozenset(self.org_units.values_list("pk", flat=True))


class ApiToken(models.Model):
    """A personal API token. Only its SHA-256 is stored; the token is shown once at creation."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("Bezeichnung"), max_length=100, blank=True)
    prefix = models.CharField(max_length=12)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("API-Token")
        verbose_name_plural = _("API-Tokens")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user.username})"


class TotpDevice(models.Model):
    """A user's second factor: a TOTP secret (RFC 6238, 30 s, 6 digits) in an authenticator
    app, stored encrypted; ``last_step`` refuses a code used before (replay)."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="totp")
    secret = EncryptedTextField()
    confirmed_at = models.DateTimeField(null=True, blank=True)
    last_step = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("Zweiter Faktor (TOTP)")
        verbose_name_plural = _("Zweite Faktoren (TOTP)")

    def __str__(self) -> str:
        return str(self.user_id)
