"""FIT-Connect destinations (Zustellpunkte) this installation subscribes to."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from openvorgang.intake.models import Sender
from openvorgang.lib.crypto_fields import EncryptedJSONField, EncryptedTextField
from openvorgang.tenants.models import OrgUnit, Tenant


class Destination(models.Model):
    """One Zustellpunkt: where to poll, how to authenticate, the keys to decrypt submissions
    and to sign the events we send back. Secrets are kept in the database; restrict access to
    it accordingly (see docs/decisions.md)."""

    destination_id = models.UUIDField(_("Zustellpunkt-ID"), unique=True)
    name = models.CharField(_("Name"), max_length=200)
    tenant = models.ForeignKey(
        Tenant, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    org_unit = models.ForeignKey(
        OrgUnit, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submission_api_url = models.URLField(_("Submission-API-URL"))
    token_url = models.URLField(_("Token-URL"))
    client_id = models.CharField(_("Client-ID"), max_length=200)
    client_secret = EncryptedTextField(_("Client-Secret"))
    decryption_key = EncryptedJSONField(_("Entschlüsselungsschlüssel (privater JWK)"))
    signing_key = EncryptedJSONField(_("Signaturschlüssel für Ereignisse (privater JWK)"))
    callback_secret = EncryptedTextField(_("Callback-Geheimnis"), blank=True)
    sender = models.OneToOneField(Sender, on_delete=models.PROTECT, related_name="+")
    active = models.BooleanField(_("aktiv"), default=True)
    last_polled_at = models.DateTimeField(_("zuletzt abgerufen"), null=True, blank=True)
    last_error = models.TextField(_("letzter Fehler"), blank=True)

    class Meta:
        verbose_name = _("FIT-Connect-Zustellpunkt")
        verbose_name_plural = _("FIT-Connect-Zustellpunkte")

    def __str__(self) -> str:
        return f"{self.name} ({self.destination_id})"
