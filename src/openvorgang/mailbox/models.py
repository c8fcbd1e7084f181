"""The case mailbox: messages between caseworkers and the applicant, one thread per case, and
the applicant's access to the Antragsraum (a link with a long random secret)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from openvorgang.cases.models import Case, CaseFile, CaseStatus
from openvorgang.lib.workdays import LAENDER


class Direction(models.TextChoices):
    OUT = "out", _("an Antragsteller/in")
    IN = "in", _("von Antragsteller/in")


class MessageState(models.TextChoices):
    QUEUED = "queued", _("wartet auf Versand")
    SENT = "sent", _("versandt")
    DELIVERED = "delivered", _("zugestellt")
    READ = "read", _("gelesen")
    TO_POST = "to_post", _("zur Post")
    RECEIVED = "received", _("eingegangen")
    FAILED = "failed", _("fehlgeschlagen")


class Message(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="messages")
    direction = models.CharField(max_length=3, choices=Direction.choices)
    channel = models.CharField(_("Kanal"), max_length=30, default="antragsraum")
    subject = models.CharField(_("Betreff"), max_length=200, blank=True)
    text = models.TextField(_("Text"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    author_name = models.CharField(max_length=300)
    state = models.CharField(max_length=10, choices=MessageState.choices)
    state_reason = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField()
    # When the channel took it (sent) and when it reported delivery into the mailbox.
    sent_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    # The channel's own reference for the message (e.g. the postbox's message id).
    external_id = models.CharField(max_length=200, blank=True)
    # incoming: when a caseworker first opened the case after it arrived ("unread" until
    # then); outgoing: when the applicant read it, if the channel tells (the Antragsraum does)
    read_at = models.DateTimeField(null=True, blank=True)
    after_close = models.BooleanField(default=False)  # a reply to a closed case, flagged
    is_decision = models.BooleanField(default=False)  # carries a decision (Bescheid)
    # the writing transaction (PostgreSQL trigger; 0 on SQLite): the feeds read in this order
    txid = models.BigIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["case", "created_at", "id"]
        indexes = [
            models.Index(fields=["case", "created_at"], name="message_case"),
            models.Index(
                fields=["case"],
                condition=models.Q(direction="in", read_at__isnull=True),
                name="message_unread",
            ),
            models.Index(
                fields=["txid", "id"],
                condition=models.Q(direction="in"),
                name="message_in_commit_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.direction} {self.subject or self.text[:30]}"


class MessageFile(models.Model):
    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="files")
    case_file = models.OneToOneField(CaseFile, on_delete=models.CASCADE, related_name="+")

    def __str__(self) -> str:
        return str(self.case_file_id)


class ApplicantAccess(models.Model):
    """The Antragsraum link of a case. Only the SHA-256 of the secret is stored."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="applicant_access")
    nonce = models.CharField(max_length=32)
    secret_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return str(self.case_id)


class StatusNoticeSetting(models.Model):
    """Which status changes the applicant hears of, for a tenant (all services, empty service
    key) or one service of it; the most specific setting wins, the installation's
    OPENVORGANG_APPLICANT_STATUS_NOTICES applies without one."""

    tenant = models.ForeignKey(
        "tenants.Tenant", on_delete=models.CASCADE, related_name="status_notice_settings"
    )
    service_key = models.CharField(_("Leistungsschlüssel"), max_length=14, blank=True)
    statuses = models.JSONField(_("Status mit Benachrichtigung"), default=list, blank=True)

    class Meta:
        verbose_name = _("Statusbenachrichtigung")
        verbose_name_plural = _("Statusbenachrichtigungen")
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "service_key"], name="statusnotice_tenant_service"
            )
        ]

    def __str__(self) -> str:
        return f"{self.tenant_id} {self.service_key or '*'}: {', '.join(self.statuses)}"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        unknown = [s for s in self.statuses if s not in CaseStatus.values]
        if not isinstance(self.statuses, list) or unknown:
            raise ValidationError({"statuses": _("Unbekannter Status: %(s)s") % {"s": unknown}})


class DispatchSetting(models.Model):
    """How a tenant reaches applicants: the order in which delivery channels are tried, the
    letterhead of letters and decisions, and how the date of deemed notification (Bekanntgabe)
    is computed."""

    tenant = models.OneToOneField(
        "tenants.Tenant", on_delete=models.CASCADE, related_name="dispatch_setting"
    )
    channel_order = models.JSONField(
        _("Reihenfolge der Zustellkanäle"),
        default=list,
        blank=True,
        help_text=_(
            'z. B. ["bundid", "servicekonto", "antragsraum", "post"]; leer: '
            "Voreinstellung der Installation"
        ),
    )
    letterhead = models.TextField(
        _("Briefkopf (Anschrift der Behörde)"),
        blank=True,
        help_text=_("Eine Zeile je Angabe, z. B. Name, Straße, PLZ Ort"),
    )
    return_address = models.CharField(
        _("Rücksendeangabe im Anschriftfeld"), max_length=200, blank=True
    )
    contact = models.TextField(_("Kontakt (Telefon, E-Mail, Sprechzeiten)"), blank=True)
    bekanntgabe_days = models.PositiveSmallIntegerField(
        _("Bekanntgabe am … Tag nach Versand"),
        default=3,
        help_text=_("§ 41 Abs. 2 VwVfG bzw. Landesrecht; der Bund zählt seit 2025 vier Tage."),
    )
    bekanntgabe_next_working_day = models.BooleanField(
        _("fällt die Bekanntgabe auf Wochenende/Feiertag: nächster Werktag"), default=True
    )
    holiday_region = models.CharField(
        _("Feiertage des Landes"),
        max_length=2,
        blank=True,
        help_text=_("Kürzel wie SH, HH, BY; leer: aus dem Regionalschlüssel des Mandanten"),
    )

    class Meta:
        verbose_name = _("Versandeinstellung")
        verbose_name_plural = _("Versandeinstellungen")

    def __str__(self) -> str:
        return str(self.tenant)

    def clean(self) -> None:
        # The channel order is checked against the channel registry by the form
        # (``mailbox.forms.DispatchForm``, also the admin's): the models sit below the plugins.
        from django.core.exceptions import ValidationError

        if self.holiday_region and self.holiday_region not in LAENDER.values():
            raise ValidationError({"holiday_region": _("Unbekanntes Länderkürzel.")})
