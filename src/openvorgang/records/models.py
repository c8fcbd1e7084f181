"""Veraktung and handover: where a tenant files its cases (DMS) or hands them over
(Fachverfahren), and every export with its state and receipt."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from openvorgang.cases.models import Case
from openvorgang.lib.crypto_fields import EncryptedTextField
from openvorgang.outbox.models import Delivery
from openvorgang.records.registry import kind_choices


class Purpose(models.TextChoices):
    DMS = "dms", _("DMS / E-Akte (Veraktung)")
    FACHVERFAHREN = "fachverfahren", _("Fachverfahren (Übergabe)")


class ExportFormat(models.TextChoices):
    XDOMEA = "xdomea", _("xdomea (ZIP)")
    JSON = "json", _("JSON")


class XdomeaVersion(models.TextChoices):
    V300 = "3.0.0", "xdomea 3.0.0"
    V310 = "3.1.0", "xdomea 3.1.0"


class Connector(models.Model):
    """One target of a tenant: a DMS (filing) or a specialist system (handover)."""

    tenant = models.ForeignKey(
        "tenants.Tenant", on_delete=models.CASCADE, related_name="connectors"
    )
    name = models.CharField(_("Name"), max_length=200)
    purpose = models.CharField(_("Zweck"), max_length=20, choices=Purpose.choices)
    # The registered connector plugins (``records.registry``): one folder each.
    kind = models.CharField(_("Art"), max_length=20, choices=kind_choices)
    # A folder for dropfolder, the URL to post to (http) or the collection URL (webdav).
    target = models.CharField(_("Ziel (Ordner oder URL)"), max_length=500)
    username = models.CharField(_("Benutzername"), max_length=200, blank=True)
    secret = EncryptedTextField(_("Passwort oder Token"), blank=True)
    export_format = models.CharField(
        _("Format"), max_length=10, choices=ExportFormat.choices, default=ExportFormat.XDOMEA
    )
    xdomea_version = models.CharField(
        _("xdomea-Version"), max_length=5, choices=XdomeaVersion.choices, default="3.0.0"
    )
    receiver_name = models.CharField(
        _("Empfänger (Name der Stelle im xdomea-Kopf)"), max_length=200, blank=True
    )
    # Filing on closing: for all services (empty list) or the listed service keys.
    export_on_close = models.BooleanField(_("beim Abschließen automatisch veraktet"), default=False)
    export_on_close_services = models.JSONField(
        _("nur für diese Leistungsschlüssel"), default=list, blank=True
    )
    # A drop folder where the DMS leaves its receipts (0402/0403); read by the worker.
    receipt_folder = models.CharField(_("Ordner für Quittungen"), max_length=500, blank=True)
    # Hash of the token with which the DMS or specialist system calls our API.
    api_token_hash = models.CharField(max_length=64, blank=True, db_index=True)
    api_services = models.JSONField(
        _("Pull-API: nur diese Leistungsschlüssel"), default=list, blank=True
    )
    active = models.BooleanField(_("aktiv"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Anbindung (DMS/Fachverfahren)")
        verbose_name_plural = _("Anbindungen (DMS/Fachverfahren)")
        ordering = ["tenant", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_kind_display()})"


class ExportState(models.TextChoices):
    QUEUED = "queued", _("wartet auf Übermittlung")
    SENT = "sent", _("übermittelt")
    RECEIVED = "received", _("Empfang bestätigt")
    FILED = "filed", _("veraktet")
    REJECTED = "rejected", _("abgelehnt")
    FAILED = "failed", _("Übermittlung fehlgeschlagen")
    INVALID = "invalid", _("ungültig, nicht gesendet")


class Export(models.Model):
    """One export of a case to a connector: the package, its delivery and the receipt."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # The xdomea ProzessID: receipts name it.
    process_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="exports")
    connector = models.ForeignKey(
        Connector, on_delete=models.SET_NULL, null=True, related_name="exports"
    )
    purpose = models.CharField(max_length=20, choices=Purpose.choices)
    export_format = models.CharField(max_length=10, choices=ExportFormat.choices)
    xdomea_version = models.CharField(max_length=5, blank=True)
    state = models.CharField(
        _("Zustand"), max_length=10, choices=ExportState.choices, default=ExportState.QUEUED
    )
    error = models.TextField(_("Fehler"), blank=True)
    file_name = models.CharField(max_length=200)
    storage_name = models.CharField(max_length=300, blank=True)
    size = models.BigIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    delivery = models.ForeignKey(
        Delivery, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    dms_reference = models.CharField(_("Referenz/Aktenzeichen im DMS"), max_length=300, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    actor_name = models.CharField(max_length=300)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("Export")
        verbose_name_plural = _("Exporte")
        ordering = ["case", "-created_at"]
        indexes = [models.Index(fields=["case", "-created_at"], name="export_case")]

    def __str__(self) -> str:
        return self.file_name

    @property
    def retryable(self) -> bool:
        return self.state in (ExportState.REJECTED, ExportState.FAILED, ExportState.INVALID)
