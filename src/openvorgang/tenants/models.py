"""Tenants (Mandanten) and their organisational units (Organisationseinheiten)."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from openvorgang.lib.keys import validate_ars

CASE_NUMBER_FIELDS = {"prefix", "year", "seq"}
_FORMAT_FIELD = re.compile(r"\{(\w+)(?::[^}]*)?\}")


def validate_case_number_format(value: str) -> None:
    fields = set(_FORMAT_FIELD.findall(value))
    if "seq" not in fields or not fields <= CASE_NUMBER_FIELDS:
        raise ValidationError(
            _(
                "Das Nummernschema muss {seq} enthalten und darf nur {prefix}, {year} und {seq} "
                "verwenden."
            ),
            code="case_number_format",
        )
    try:
        value.format(prefix="XX", year=2026, seq=1)
    except (ValueError, IndexError, KeyError) as exc:
        raise ValidationError(
            _("Das Nummernschema ist ungültig."), code="case_number_format"
        ) from exc


FILE_NUMBER_FIELDS = {"year", "number", "leika", "oe"}


def validate_file_number_pattern(value: str) -> None:
    """The Aktenzeichen suggestion: text with {year}, {number} (case number), {leika} (service
    key) and {oe} (OrganisationsEinheitID)."""
    fields = set(_FORMAT_FIELD.findall(value))
    if not fields <= FILE_NUMBER_FIELDS:
        raise ValidationError(
            _("Erlaubt sind nur {year}, {number}, {leika} und {oe}."), code="file_number_pattern"
        )
    try:
        value.format(year=2026, number="KI-2026-000001", leika="99050012104000", oe="oe-1")
    except (ValueError, IndexError, KeyError) as exc:
        raise ValidationError(
            _("Das Muster des Aktenzeichens ist ungültig."), code="file_number_pattern"
        ) from exc


class TenantKind(models.TextChoices):
    GEMEINDE = "gemeinde", _("Gemeinde")
    STADT = "stadt", _("Stadt")
    AMT = "amt", _("Amt")
    KREIS = "kreis", _("Kreis")
    KREISFREIE_STADT = "kreisfreie_stadt", _("Kreisfreie Stadt")
    LANDESBEHOERDE = "landesbehoerde", _("Landesbehörde")


slug_validator = RegexValidator(
    r"^[a-z0-9][a-z0-9-]{1,62}$",
    _("Nur Kleinbuchstaben, Ziffern und Bindestriche (2–63 Zeichen)."),
)
prefix_validator = RegexValidator(
    r"^[A-Z0-9]{1,6}$", _("1–6 Großbuchstaben oder Ziffern, z. B. KI oder NMS.")
)


class Tenant(models.Model):
    """One authority served by this installation (Gemeinde, Amt, Kreis, Landesbehörde …)."""

    slug = models.SlugField(_("Kurzname"), max_length=63, unique=True, validators=[slug_validator])
    name = models.CharField(_("Name"), max_length=200)
    kind = models.CharField(_("Art"), max_length=32, choices=TenantKind.choices)
    ars = models.CharField(
        _("Regionalschlüssel (ARS)"), max_length=12, validators=[validate_ars], db_index=True
    )
    active = models.BooleanField(_("aktiv"), default=True)
    case_number_prefix = models.CharField(
        _("Präfix der Vorgangsnummer"), max_length=6, unique=True, validators=[prefix_validator]
    )
    case_number_format = models.CharField(
        _("Schema der Vorgangsnummer"),
        max_length=60,
        default="{prefix}-{year}-{seq:06d}",
        validators=[validate_case_number_format],
    )
    file_number_pattern = models.CharField(
        _("Muster für Aktenzeichen"),
        max_length=100,
        blank=True,
        validators=[validate_file_number_pattern],
        help_text=_("z. B. 32.10/{year}/{number}; wird beim Aktenzeichen vorgeschlagen"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("Mandant")
        verbose_name_plural = _("Mandanten")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class OrgUnit(models.Model):
    """An organisational unit of a tenant. ``oe_id`` is the OrganisationsEinheitID that form
    servers send as the responsible office; it is unique across the installation."""

    tenant = models.ForeignKey(
        Tenant, on_delete=models.PROTECT, related_name="org_units", verbose_name=_("Mandant")
    )
    name = models.CharField(_("Name"), max_length=200)
    oe_id = models.CharField(
        _("OrganisationsEinheitID"),
        max_length=64,
        unique=True,
        validators=[RegexValidator(r"^[A-Za-z0-9._:-]{1,64}$", _("Ungültige Kennung."))],
    )
    email = models.EmailField(_("Funktionspostfach (E-Mail)"), blank=True)
    active = models.BooleanField(_("aktiv"), default=True)
    is_default = models.BooleanField(
        _("Standard-Organisationseinheit"),
        default=False,
        help_text=_("Erhält Anträge an den Mandanten, für die keine Zuständigkeitsregel greift."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("Organisationseinheit")
        verbose_name_plural = _("Organisationseinheiten")
        ordering = ["tenant", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "name"], name="orgunit_unique_name_per_tenant"
            ),
            models.UniqueConstraint(
                fields=["tenant"],
                condition=models.Q(is_default=True),
                name="orgunit_one_default_per_tenant",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.tenant.name})"
