"""The access audit: who saw which case content, downloaded which file, exported or opened
which search result. Append-only and tamper-evident: each record carries the SHA-256 of its
content and of the previous record of the same tenant's chain."""

from __future__ import annotations

from typing import Any, NoReturn

from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    VIEW_CASE = "view_case", _("Vorgang angesehen")
    OPEN_SEARCH_RESULT = "open_search_result", _("Suchtreffer geöffnet")
    DOWNLOAD_FILE = "download_file", _("Datei heruntergeladen")
    EXPORT = "export", _("Vorgang exportiert")
    API_READ = "api_read", _("Vorgang über die API gelesen")


class _AppendOnly(models.QuerySet):
    def update(self, **kwargs: Any) -> NoReturn:
        raise TypeError("Das Zugriffsprotokoll ist unveränderlich (append-only).")

    def delete(self) -> Any:  # only the retention purge deletes, oldest first, keeping an anchor
        raise TypeError("Das Zugriffsprotokoll wird nur durch die Aufbewahrungsfrist gekürzt.")


class AuditRecord(models.Model):
    tenant_id = models.IntegerField(_("Mandant"), null=True, db_index=False)
    seq = models.BigIntegerField(_("laufende Nummer"))
    at = models.DateTimeField(_("Zeitpunkt"))
    user_id = models.IntegerField(null=True)
    user_name = models.CharField(_("wer"), max_length=300)
    case_id = models.UUIDField(null=True)
    case_number = models.CharField(_("Vorgang"), max_length=40, blank=True)
    action = models.CharField(_("was"), max_length=30, choices=AuditAction.choices)
    detail = models.CharField(_("Einzelheit"), max_length=300, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    objects = _AppendOnly.as_manager()

    class Meta:
        verbose_name = _("Protokolleintrag")
        verbose_name_plural = _("Zugriffsprotokoll")
        constraints = [models.UniqueConstraint(fields=["tenant_id", "seq"], name="audit_chain_seq")]
        indexes = [
            models.Index(fields=["tenant_id", "-at"], name="audit_tenant_at"),
            models.Index(fields=["tenant_id", "case_number", "-at"], name="audit_case"),
            models.Index(fields=["tenant_id", "user_id", "-at"], name="audit_user"),
        ]

    def __str__(self) -> str:
        return f"{self.tenant_id}#{self.seq} {self.action}"


class AuditChain(models.Model):
    """The head of a tenant's chain (locked while a record is appended) and its anchor: where
    the chain starts after the retention purge removed older records."""

    tenant_id = models.IntegerField(unique=True, null=True)
    last_seq = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="0" * 64)
    anchor_seq = models.BigIntegerField(default=0)
    anchor_hash = models.CharField(max_length=64, default="0" * 64)

    def __str__(self) -> str:
        return f"chain {self.tenant_id}"
