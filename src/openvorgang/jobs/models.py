"""The durable work queue in the database. Two kinds of rows share one life cycle
(``Leased``): background jobs and outgoing deliveries (the transactional outbox, see
``openvorgang.outbox``). A worker claims a row by setting a lease; a worker that dies loses its
lease when it runs out, and the row is claimed again by the next worker."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class WorkState(models.TextChoices):
    QUEUED = "queued", _("wartet")
    RUNNING = "running", _("läuft")
    DONE = "done", _("erledigt")
    FAILED = "failed", _("fehlgeschlagen")


class Leased(models.Model):
    state = models.CharField(
        _("Zustand"), max_length=10, choices=WorkState.choices, default=WorkState.QUEUED
    )
    run_after = models.DateTimeField(_("fällig ab"), default=timezone.now)
    attempts = models.PositiveIntegerField(_("Versuche"), default=0)
    max_attempts = models.PositiveIntegerField(_("höchstens Versuche"), default=8)
    lease_until = models.DateTimeField(null=True, blank=True)
    worker = models.CharField(max_length=100, blank=True)
    last_error = models.TextField(_("letzter Fehler"), blank=True)
    created_at = models.DateTimeField(_("angelegt"), default=timezone.now)
    finished_at = models.DateTimeField(_("abgeschlossen"), null=True, blank=True)

    class Meta:
        abstract = True


class Job(Leased):
    """A background job: a registered handler name and its JSON payload. Handlers must be
    idempotent: a job whose worker died is run again."""

    name = models.CharField(_("Auftrag"), max_length=100)
    payload = models.JSONField(default=dict, blank=True)
    unique_key = models.CharField(max_length=200, null=True, blank=True)  # noqa: DJ001 (NULL: none)

    class Meta:
        verbose_name = _("Hintergrundauftrag")
        verbose_name_plural = _("Hintergrundaufträge")
        indexes = [models.Index(fields=["state", "run_after", "id"], name="job_due")]
        constraints = [
            # At most one open job per unique key (e.g. "poll this destination").
            models.UniqueConstraint(
                fields=["unique_key"],
                condition=Q(state__in=["queued", "running"]),
                name="job_unique_open_key",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} #{self.pk}"


class Schedule(models.Model):
    """When a periodic job is next due. Workers advance ``next_run_at`` with a conditional
    update, so only one of many workers enqueues each run."""

    name = models.CharField(max_length=100, unique=True)
    next_run_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.name
