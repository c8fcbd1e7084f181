"""The processing deadline of a case: the rule version it started with, the day it started,
its pauses (Hemmung), its one extension, the completeness date, how it ended, and the
Genehmigungsfiktion where the rule provides for one. ``Case.due_on`` mirrors the running
deadline's last day for the list."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from openvorgang.cases.models import Case
from openvorgang.directory.models import DeadlineRule, DeadlineUnit
from openvorgang.tenants.models import Tenant


class DeadlineState(models.TextChoices):
    WAITING = "wartet", _("beginnt mit Vollständigkeit der Unterlagen")
    RUNNING = "laeuft", _("läuft")
    PAUSED = "gehemmt", _("gehemmt")
    ENDED = "beendet", _("beendet")


class Outcome(models.TextChoices):
    DECIDED = "beschieden", _("beschieden")
    HANDED_OVER = "uebergeben", _("an Fachverfahren übergeben")
    REJECTED = "verworfen", _("verworfen")
    CLOSED = "abgeschlossen", _("abgeschlossen")


class CaseDeadline(models.Model):
    case = models.OneToOneField(
        Case, on_delete=models.CASCADE, primary_key=True, related_name="deadline"
    )
    tenant = models.ForeignKey(Tenant, on_delete=models.PROTECT, related_name="+")
    service_key = models.CharField(max_length=14)
    # the rule version it started with (rule rows are never changed)
    rule = models.ForeignKey(DeadlineRule, on_delete=models.PROTECT, related_name="+")
    region = models.CharField(_("Feiertage des Landes"), max_length=2, blank=True)
    received_on = models.DateField(_("Eingang bei der zuständigen Stelle"))
    complete_on = models.DateField(_("Unterlagen vollständig seit"), null=True, blank=True)
    complete_by_name = models.CharField(max_length=300, blank=True)
    extension_amount = models.PositiveIntegerField(null=True, blank=True)
    extension_unit = models.CharField(max_length=10, choices=DeadlineUnit.choices, blank=True)
    extension_reason = models.TextField(_("Begründung der Verlängerung"), blank=True)
    extended_on = models.DateField(null=True, blank=True)
    extended_by_name = models.CharField(max_length=300, blank=True)
    state = models.CharField(max_length=10, choices=DeadlineState.choices)
    # the last day as last computed (empty while waiting or paused); kept after the end
    due_on = models.DateField(_("Frist bis"), null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    # the due date a warning went out for (one warning per due date)
    warned_for = models.DateField(null=True, blank=True)
    # the day the permit counts as granted (the day after the last day), once marked
    fiction_on = models.DateField(_("Genehmigungsfiktion eingetreten am"), null=True, blank=True)
    started_at = models.DateTimeField()

    class Meta:
        verbose_name = _("Bearbeitungsfrist")
        verbose_name_plural = _("Bearbeitungsfristen")
        indexes = [
            # the daily check: running deadlines by their last day
            models.Index(
                fields=["due_on"],
                condition=models.Q(state="laeuft"),
                name="deadline_running_due",
            ),
            # adherence per service: ended deadlines of a tenant by end date
            models.Index(
                fields=["tenant", "ended_on", "service_key"],
                condition=models.Q(state="beendet"),
                name="deadline_ended",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.state} {self.due_on}"

    @property
    def extended(self) -> bool:
        return self.extended_on is not None

    @property
    def met(self) -> bool | None:
        """Ended in time (None while it runs)."""
        if self.ended_on is None:
            return None
        return self.due_on is None or self.ended_on <= self.due_on


class DeadlinePause(models.Model):
    """A Hemmung: the clock stood from ``started_on`` until ``ended_on`` (empty: it stands)."""

    deadline = models.ForeignKey(CaseDeadline, on_delete=models.CASCADE, related_name="pauses")
    started_on = models.DateField(_("gehemmt seit"))
    ended_on = models.DateField(_("läuft wieder seit"), null=True, blank=True)
    reason = models.CharField(_("Grund"), max_length=300)
    started_by_name = models.CharField(max_length=300)
    ended_by_name = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = _("Hemmung")
        verbose_name_plural = _("Hemmungen")
        ordering = ["deadline", "started_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["deadline"],
                condition=models.Q(ended_on__isnull=True),
                name="deadlinepause_one_open",
            )
        ]

    def __str__(self) -> str:
        return f"{self.started_on}–{self.ended_on or ''}"


class DeadlineSetting(models.Model):
    """A tenant's deadline settings."""

    tenant = models.OneToOneField(Tenant, on_delete=models.CASCADE, related_name="+")
    warn_days = models.PositiveIntegerField(
        _("Warnung so viele Tage vor Fristende"),
        default=14,
        help_text=_("an die Bearbeiterin oder den Bearbeiter, sonst an die Organisationseinheit"),
    )

    class Meta:
        verbose_name = _("Fristeinstellung")
        verbose_name_plural = _("Fristeinstellungen")

    def __str__(self) -> str:
        return f"{self.tenant_id}: {self.warn_days}"
