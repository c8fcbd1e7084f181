"""Registered senders (online services, form servers) and the record of every accepted
submission, which makes intake idempotent."""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from openvorgang.cases.models import Case
from openvorgang.tenants.models import Tenant


class Sender(models.Model):
    """An online service allowed to submit. Authenticates with a bearer token and/or comes
    from allowed source networks. Registered for one tenant or platform-wide (tenant empty)."""

    name = models.CharField(_("Name"), max_length=200)
    tenant = models.ForeignKey(
        Tenant, on_delete=models.PROTECT, null=True, blank=True, related_name="senders"
    )
    token_hash = models.CharField(max_length=64, unique=True, null=True, blank=True)
    token_prefix = models.CharField(max_length=12, blank=True)
    networks = models.JSONField(_("Erlaubte Netze (CIDR)"), default=list, blank=True)
    active = models.BooleanField(_("aktiv"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Absender")
        verbose_name_plural = _("Absender")
        constraints = [
            models.UniqueConstraint(fields=["tenant", "name"], name="sender_name_per_tenant"),
            models.UniqueConstraint(
                fields=["name"], condition=Q(tenant__isnull=True), name="sender_name_platform"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Submission(models.Model):
    """One accepted submission. (sender, channel, external id) is unique: a second delivery of
    the same submission finds this row and gets the first case back."""

    sender = models.ForeignKey(Sender, on_delete=models.PROTECT, related_name="submissions")
    channel = models.CharField(max_length=32)
    external_id = models.CharField(max_length=200)
    case = models.ForeignKey(Case, on_delete=models.SET_NULL, null=True, related_name="+")
    case_number = models.CharField(max_length=40)
    control = models.JSONField(default=dict, blank=True)
    # Fingerprint of the request (native API): the same Idempotency-Key with other content is
    # refused instead of silently answered with the first case.
    fingerprint = models.CharField(max_length=64, blank=True)
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["sender", "channel", "external_id"], name="submission_once_per_sender"
            )
        ]

    def __str__(self) -> str:
        return f"{self.channel}:{self.external_id}"


class Upload(models.Model):
    """A file a sender uploaded ahead of its submission (native API). Consumed by the
    submission that references it; unused uploads expire."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    sender = models.ForeignKey(Sender, on_delete=models.CASCADE, related_name="uploads")
    storage_name = models.CharField(max_length=300)
    original_name = models.CharField(max_length=255)
    media_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self) -> str:
        return self.original_name
