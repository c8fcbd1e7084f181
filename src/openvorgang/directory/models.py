"""The responsibility directory: regions with their hierarchy, services (LeiKa), and rules
(service, region) → org unit. A rule for a region covers every region below it unless a more
specific rule exists. ``DirectoryVersion`` counts changes so every server process can tell
that its in-memory routing snapshot is stale."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from openvorgang.lib.deadlines import Duration, Unit
from openvorgang.lib.keys import ARS_PATTERN, LEIKA_PATTERN
from openvorgang.tenants.models import OrgUnit

ars_validator = RegexValidator(ARS_PATTERN, _("Der ARS hat 12 Ziffern."))
leika_validator = RegexValidator(LEIKA_PATTERN, _("Der Leistungsschlüssel hat 14 Ziffern."))


class RegionKind(models.TextChoices):
    LAND = "land", _("Land")
    KREIS = "kreis", _("Kreis")
    KREISFREIE_STADT = "kreisfreie_stadt", _("Kreisfreie Stadt")
    AMT = "amt", _("Amt / Gemeindeverband")
    STADT = "stadt", _("Stadt")
    GEMEINDE = "gemeinde", _("Gemeinde")


class Region(models.Model):
    ars = models.CharField(_("ARS"), max_length=12, unique=True, validators=[ars_validator])
    ags = models.CharField(_("AGS"), max_length=8, blank=True, db_index=True)
    name = models.CharField(_("Name"), max_length=200)
    kind = models.CharField(_("Art"), max_length=20, choices=RegionKind.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("übergeordnet"),
    )

    class Meta:
        verbose_name = _("Region")
        verbose_name_plural = _("Regionen")
        ordering = ["ars"]

    def __str__(self) -> str:
        return f"{self.name} ({self.ars})"


class Service(models.Model):
    leika_key = models.CharField(
        _("Leistungsschlüssel"), max_length=14, unique=True, validators=[leika_validator]
    )
    name = models.CharField(_("Name"), max_length=300)
    group = models.CharField(_("Gruppe"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("Leistung")
        verbose_name_plural = _("Leistungen")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.leika_key})"


class Responsibility(models.Model):
    """Rule: for ``service`` in ``region`` (and below) ``org_unit`` is responsible."""

    service = models.ForeignKey(
        Service, on_delete=models.PROTECT, related_name="rules", verbose_name=_("Leistung")
    )
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="rules", verbose_name=_("Region")
    )
    org_unit = models.ForeignKey(
        OrgUnit,
        on_delete=models.PROTECT,
        related_name="responsibilities",
        verbose_name=_("Organisationseinheit"),
    )
    active = models.BooleanField(_("aktiv"), default=True)
    note = models.CharField(_("Notiz"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("Zuständigkeit")
        verbose_name_plural = _("Zuständigkeiten")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["service", "region", "org_unit"], name="responsibility_unique"
            )
        ]
        indexes = [models.Index(fields=["org_unit", "id"], name="resp_unit")]

    def __str__(self) -> str:
        return f"#{self.pk}: {self.service_id} @ {self.region_id} → {self.org_unit_id}"


class SuggestionState(models.TextChoices):
    OPEN = "open", _("offen")
    ACCEPTED = "accepted", _("übernommen")
    REJECTED = "rejected", _("abgelehnt")


class RuleSuggestion(models.Model):
    """'Next time route this service/region to X', recorded when a case is forwarded; a tenant
    admin of X's tenant may accept it into the directory."""

    leika_key = models.CharField(max_length=14)
    region_ars = models.CharField(max_length=12)
    org_unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="suggestions")
    case_number = models.CharField(max_length=40)
    reason = models.TextField(blank=True)
    suggested_by = models.CharField(max_length=300)
    suggested_at = models.DateTimeField(auto_now_add=True)
    state = models.CharField(
        max_length=10, choices=SuggestionState.choices, default=SuggestionState.OPEN
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    rule = models.ForeignKey(Responsibility, on_delete=models.SET_NULL, null=True, blank=True)

    class Meta:
        verbose_name = _("Regelvorschlag")
        verbose_name_plural = _("Regelvorschläge")
        ordering = ["-suggested_at"]

    def __str__(self) -> str:
        return f"{self.leika_key} @ {self.region_ars} → {self.org_unit_id} ({self.state})"


class DirectoryVersion(models.Model):
    """One row: a new random token with every directory change (written in the changing
    transaction). Random rather than counted, so a rolled-back change can never make two
    different directory states look alike."""

    token = models.CharField(max_length=32, default="")

    def __str__(self) -> str:
        return self.token


class DeadlineStart(models.TextChoices):
    RECEIPT = "eingang", _("ab Eingang des Antrags")
    COMPLETE = "vollstaendig", _("ab Vollständigkeit der Unterlagen")


class DeadlineUnit(models.TextChoices):
    # the same values as ``openvorgang.lib.deadlines.Unit``
    DAYS = "tage", _("Tage")
    WEEKS = "wochen", _("Wochen")
    MONTHS = "monate", _("Monate")


class DeadlineRule(models.Model):
    """The processing deadline of a service: the Land's rule (``tenant`` empty) or a tenant's
    own. Rows are never changed: a new rule ends the one before it (``valid_until``), so the
    history shows every version and a case keeps the version it started with."""

    service = models.ForeignKey(
        Service, on_delete=models.PROTECT, related_name="deadline_rules", verbose_name=_("Leistung")
    )
    tenant = models.ForeignKey(
        "tenants.Tenant",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Mandant"),
    )
    amount = models.PositiveIntegerField(_("Dauer"))
    unit = models.CharField(_("Einheit"), max_length=10, choices=DeadlineUnit.choices)
    starts = models.CharField(
        _("Beginn"), max_length=20, choices=DeadlineStart.choices, default=DeadlineStart.RECEIPT
    )
    fiction = models.BooleanField(_("Genehmigungsfiktion"), default=False)
    extension_allowed = models.BooleanField(_("einmal verlängerbar"), default=False)
    legal_basis = models.CharField(_("Rechtsgrundlage"), max_length=200, blank=True)
    # False: the tenant's row says "no deadline here" (overriding the Land's rule)
    applies = models.BooleanField(_("Frist gilt"), default=True)
    valid_from = models.DateTimeField(_("gültig ab"))
    valid_until = models.DateTimeField(_("gültig bis"), null=True, blank=True)
    changed_by_name = models.CharField(_("geändert durch"), max_length=300)
    note = models.CharField(_("Anlass der Änderung"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("Fristregel")
        verbose_name_plural = _("Fristregeln")
        ordering = ["service", "tenant", "-valid_from", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["service"],
                condition=models.Q(tenant__isnull=True, valid_until__isnull=True),
                name="deadlinerule_one_land_rule",
            ),
            models.UniqueConstraint(
                fields=["service", "tenant"],
                condition=models.Q(tenant__isnull=False, valid_until__isnull=True),
                name="deadlinerule_one_tenant_rule",
            ),
            models.CheckConstraint(
                condition=models.Q(amount__gte=1, amount__lte=3660),
                name="deadlinerule_amount_range",
            ),
        ]
        indexes = [
            models.Index(fields=["service", "tenant", "valid_from"], name="deadlinerule_lookup")
        ]

    def __str__(self) -> str:
        return f"{self.service_id}/{self.tenant_id or 'Land'}: {self.amount} {self.unit}"

    @property
    def duration_label(self) -> str:
        """ "1 Monat", "6 Wochen" …"""
        return Duration(self.amount, Unit(self.unit)).label()

    @property
    def label(self) -> str:
        """ "3 Monate ab Vollständigkeit der Unterlagen"."""
        return f"{self.duration_label} {DeadlineStart(self.starts).label}"
