"""Nachforderung: the authority asks the applicant for missing documents, item by item, with
a date to answer by; the applicant answers in the Antragsraum with a file per item. A request
may stop the processing deadline (Hemmung) until the answer comes."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from openvorgang.cases.models import Case, CaseFile
from openvorgang.casework.models import FollowUp
from openvorgang.deadlines.models import DeadlinePause
from openvorgang.mailbox.models import Message
from openvorgang.tenants.models import Tenant


class RequestState(models.TextChoices):
    OPEN = "offen", _("offen")
    PARTLY = "teilweise", _("teilweise erfüllt")
    FULFILLED = "erfuellt", _("erfüllt")


class DocumentRequest(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="document_requests")
    reply_by = models.DateField(_("Antwort bis"))
    note = models.TextField(_("Hinweis an die antragstellende Person"), blank=True)
    state = models.CharField(max_length=10, choices=RequestState.choices, default="offen")
    # the request as sent, the applicant's (last) answer, the follow-up and the pause it set
    message = models.OneToOneField(
        Message, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answer = models.ForeignKey(
        Message, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    follow_up = models.OneToOneField(
        FollowUp, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    pause = models.OneToOneField(
        DeadlinePause, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField()
    created_by_name = models.CharField(max_length=300)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("Nachforderung")
        verbose_name_plural = _("Nachforderungen")
        ordering = ["case", "-created_at", "-id"]
        indexes = [models.Index(fields=["case", "state"], name="docrequest_case_state")]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.state}"

    @property
    def is_open(self) -> bool:
        return self.state != RequestState.FULFILLED


class RequestItem(models.Model):
    """One requested document; ``case_file`` is what the applicant sent for it."""

    request = models.ForeignKey(DocumentRequest, on_delete=models.CASCADE, related_name="items")
    label = models.CharField(_("Unterlage"), max_length=300)
    position = models.PositiveIntegerField(default=0)
    case_file = models.ForeignKey(
        CaseFile, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["request", "position", "id"]

    def __str__(self) -> str:
        return self.label


class RequestableDocument(models.Model):
    """A document the tenant often asks for, for one service or (``service_key`` empty) all:
    the caseworker picks from these and may add free text."""

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="+")
    service_key = models.CharField(_("Leistungsschlüssel"), max_length=14, blank=True)
    label = models.CharField(_("Unterlage"), max_length=300)

    class Meta:
        verbose_name = _("Unterlage zur Auswahl")
        verbose_name_plural = _("Unterlagen zur Auswahl")
        ordering = ["tenant", "service_key", "label"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "service_key", "label"], name="requestable_unique"
            )
        ]

    def __str__(self) -> str:
        return self.label
