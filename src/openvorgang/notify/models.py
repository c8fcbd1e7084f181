"""Notifications: per-user settings, in-app notices (the unread badge) and the position up to
which the case history has been turned into notifications."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from openvorgang.cases.models import Case


class Setting(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notify_setting"
    )
    new_cases = models.BooleanField(_("neue Anträge meiner Organisationseinheiten"), default=True)
    assigned = models.BooleanField(_("mir zugewiesene Vorgänge"), default=True)
    follow_ups = models.BooleanField(_("fällige Wiedervorlagen (täglich)"), default=True)
    deadlines = models.BooleanField(_("Bearbeitungsfristen, die bald enden"), default=True)
    by_email = models.BooleanField(_("auch per E-Mail"), default=True)

    def __str__(self) -> str:
        return str(self.user_id)


class NoticeKind(models.TextChoices):
    NEW_CASE = "new_case", _("Neuer Antrag")
    ASSIGNED = "assigned", _("Ihnen zugewiesen")
    FOLLOW_UP = "follow_up", _("Wiedervorlage fällig")
    MESSAGE = "message", _("Neue Nachricht der antragstellenden Person")
    DEADLINE = "deadline", _("Bearbeitungsfrist endet bald")


class Notice(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notices"
    )
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+")
    case_number = models.CharField(max_length=40)
    kind = models.CharField(max_length=20, choices=NoticeKind.choices)
    created_at = models.DateTimeField()
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["user", "-created_at"],
                condition=models.Q(read_at__isnull=True),
                name="notice_unread",
            ),
            # the notices page, a page at a time (``notify.selectors.notices_page``)
            models.Index(fields=["user", "-id"], name="notice_user_page"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.case_number}"


class Cursor(models.Model):
    """A feed consumer's position in an append-only table: the last row handled, as the
    writing transaction's id (PostgreSQL; 0 on SQLite) and the row's id."""

    name = models.CharField(max_length=50, unique=True)
    last_txid = models.BigIntegerField(default=0)
    last_event_id = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.name}: {self.last_event_id}"
