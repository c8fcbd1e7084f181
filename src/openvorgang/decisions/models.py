"""Decisions (Bescheide): templates per tenant and service, and the decisions issued."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from openvorgang.cases.models import Case, CaseFile


class DecisionKind(models.TextChoices):
    APPROVAL = "approval", _("Bewilligung")
    REJECTION = "rejection", _("Ablehnung")
    PARTIAL = "partial", _("Teilbewilligung")


class DecisionSource(models.TextChoices):
    """Where the decision document came from. A case is BESCHIEDEN only with one of these."""

    TEMPLATE = "template", _("aus Vorlage erstellt")
    UPLOAD = "upload", _("hochgeladen")
    EXTERNAL = "external", _("außerhalb erteilt")


class DecisionTemplate(models.Model):
    """A decision text in the Django template language, for one service of a tenant or, with
    an empty service key, for all its services."""

    tenant = models.ForeignKey(
        "tenants.Tenant", on_delete=models.CASCADE, related_name="decision_templates"
    )
    service_key = models.CharField(
        _("Leistungsschlüssel"),
        max_length=14,
        blank=True,
        help_text=_("leer: für alle Leistungen des Mandanten"),
    )
    kind = models.CharField(_("Art"), max_length=12, choices=DecisionKind.choices)
    name = models.CharField(_("Name"), max_length=200)
    subject = models.CharField(_("Betreff"), max_length=300)
    body = models.TextField(_("Text"))
    active = models.BooleanField(_("aktiv"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("Bescheidvorlage")
        verbose_name_plural = _("Bescheidvorlagen")
        ordering = ["tenant", "name"]
        indexes = [models.Index(fields=["tenant", "service_key"], name="decisiontpl_svc")]

    def __str__(self) -> str:
        return self.name


class Decision(models.Model):
    """An issued decision: the document, its hash, how and when it went out and the date it
    counts as notified (Bekanntgabe). A decision issued outside OpenVorgang (signed and sent
    elsewhere) has no document here but its reference and date."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="decisions")
    kind = models.CharField(_("Art"), max_length=12, choices=DecisionKind.choices)
    source = models.CharField(
        _("Herkunft"),
        max_length=10,
        choices=DecisionSource.choices,
        default=DecisionSource.TEMPLATE,
    )
    template = models.ForeignKey(
        DecisionTemplate, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    subject = models.CharField(_("Betreff"), max_length=300)
    document = models.OneToOneField(
        CaseFile, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    sha256 = models.CharField(max_length=64, blank=True)
    message = models.OneToOneField(
        "mailbox.Message", on_delete=models.CASCADE, null=True, blank=True, related_name="decision"
    )
    channel = models.CharField(_("Zustellweg"), max_length=30, blank=True)
    dispatched_at = models.DateTimeField(_("Versand"), null=True, blank=True)
    bekanntgabe = models.DateField(_("Bekanntgabe"), null=True, blank=True)
    reference = models.CharField(_("Zeichen des Bescheids"), max_length=200, blank=True)
    issued_on = models.DateField(_("Datum des Bescheids"), null=True, blank=True)
    recorded_at = models.DateTimeField(_("erfasst"), auto_now_add=True, null=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    actor_name = models.CharField(max_length=300)

    class Meta:
        verbose_name = _("Bescheid")
        verbose_name_plural = _("Bescheide")
        ordering = ["case", "recorded_at", "id"]
        constraints = [
            # no decision without a document, unless it was issued outside with its reference
            models.CheckConstraint(
                condition=(
                    models.Q(source="external", reference__gt="", issued_on__isnull=False)
                    | (~models.Q(source="external") & models.Q(document__isnull=False))
                ),
                name="decision_document_or_reference",
            )
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.kind}"
