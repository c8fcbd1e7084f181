"""Textbausteine: a tenant's text modules, for all its services and org units or for one of
each, with the placeholders of the decision templates (``{{ antragsteller.name }}`` …)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from openvorgang.tenants.models import OrgUnit, Tenant


class TextModule(models.Model):
    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("Name"), max_length=120)
    body = models.TextField(_("Text"))
    service_key = models.CharField(_("nur für die Leistung"), max_length=14, blank=True)
    org_unit = models.ForeignKey(
        OrgUnit,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("nur für die Organisationseinheit"),
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by_name = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = _("Textbaustein")
        verbose_name_plural = _("Textbausteine")
        ordering = ["tenant", "name"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "name"], name="textmodule_unique_name")
        ]

    def __str__(self) -> str:
        return self.name
