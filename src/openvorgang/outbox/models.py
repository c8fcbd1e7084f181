"""The transactional outbox: every message OpenVorgang sends to another system is first
written here, in the same transaction as the change it reports. The worker delivers it with
retries; state, attempts and the last error stay visible."""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from openvorgang.cases.models import Case
from openvorgang.jobs.models import Leased
from openvorgang.tenants.models import Tenant


class Delivery(Leased):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    transport = models.CharField(_("Transport"), max_length=60)
    target = models.CharField(_("Ziel"), max_length=500, blank=True)
    payload = models.JSONField(default=dict, blank=True)
    tenant = models.ForeignKey(
        Tenant, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    case = models.ForeignKey(
        Case, on_delete=models.SET_NULL, null=True, blank=True, related_name="deliveries"
    )
    last_status_code = models.PositiveIntegerField(_("letzter HTTP-Status"), null=True, blank=True)

    class Meta:
        verbose_name = _("Zustellung")
        verbose_name_plural = _("Zustellungen")
        indexes = [
            models.Index(fields=["state", "run_after"], name="delivery_due"),
            models.Index(fields=["case", "created_at"], name="delivery_case"),
        ]

    def __str__(self) -> str:
        return f"{self.transport} → {self.target}"
