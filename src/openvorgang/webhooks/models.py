"""Webhook subscriptions of a tenant: a specialist system hears of case events, signed."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from openvorgang.lib.crypto_fields import EncryptedTextField


class EventType(models.TextChoices):
    CASE_CREATED = "case.created", _("Vorgang eingegangen")
    STATUS_CHANGED = "case.status_changed", _("Status geändert")
    MESSAGE_RECEIVED = "message.received", _("Nachricht der antragstellenden Person eingegangen")
    DECISION_SENT = "decision.sent", _("Bescheid versandt")
    CASE_CLOSED = "case.closed", _("Vorgang abgeschlossen")


class Subscription(models.Model):
    tenant = models.ForeignKey(
        "tenants.Tenant", on_delete=models.CASCADE, related_name="webhook_subscriptions"
    )
    name = models.CharField(_("Name"), max_length=200)
    url = models.URLField(_("URL"), max_length=500)
    secret = EncryptedTextField(_("Geheimnis für die Signatur"))
    events = models.JSONField(_("Ereignisse"), default=list)
    active = models.BooleanField(_("aktiv"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Webhook")
        verbose_name_plural = _("Webhooks")
        ordering = ["tenant", "name"]

    def __str__(self) -> str:
        return self.name
