"""Retention (Aufbewahrung): how long a tenant keeps closed cases, per service, and whether
they are offered to the archive first and deleted after confirmation or automatically."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from openvorgang.cases.models import Case


class RetentionSetting(models.Model):
    tenant = models.OneToOneField(
        "tenants.Tenant", on_delete=models.CASCADE, related_name="retention_setting"
    )
    default_years = models.PositiveSmallIntegerField(
        _("Aufbewahrungsfrist in Jahren (Voreinstellung)"), default=10
    )
    archive_first = models.BooleanField(
        _("vor dem Löschen dem Archiv anbieten"),
        default=True,
        help_text=_(
            "über die gewählte Anbindung als xdomea-Export, sonst als „angeboten“ vermerkt"
        ),
    )
    archive_connector = models.ForeignKey(
        "records.Connector",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Anbindung des Archivs"),
    )
    automatic_deletion = models.BooleanField(
        _("automatisch löschen (sonst nach Bestätigung durch Löschberechtigte)"), default=False
    )
    offer_wait_days = models.PositiveSmallIntegerField(
        _("Tage zwischen Angebot und automatischer Löschung"), default=30
    )

    class Meta:
        verbose_name = _("Aufbewahrungseinstellung")
        verbose_name_plural = _("Aufbewahrungseinstellungen")

    def __str__(self) -> str:
        return str(self.tenant)


class RetentionRule(models.Model):
    tenant = models.ForeignKey(
        "tenants.Tenant", on_delete=models.CASCADE, related_name="retention_rules"
    )
    service_key = models.CharField(_("Leistungsschlüssel"), max_length=14)
    years = models.PositiveSmallIntegerField(_("Jahre"))

    class Meta:
        verbose_name = _("Aufbewahrungsfrist einer Leistung")
        verbose_name_plural = _("Aufbewahrungsfristen je Leistung")
        constraints = [
            models.UniqueConstraint(fields=["tenant", "service_key"], name="retention_rule_svc")
        ]

    def __str__(self) -> str:
        return f"{self.service_key}: {self.years}"


class ArchiveOffer(models.Model):
    """A case due for deletion was offered to the archive (exported, or just marked)."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="archive_offer")
    offered_at = models.DateTimeField()
    export = models.ForeignKey(
        "records.Export", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    def __str__(self) -> str:
        return str(self.case_id)
