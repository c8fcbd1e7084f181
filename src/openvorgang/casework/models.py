"""Working on a case besides its status: internal comments (with files) and follow-ups
(Wiedervorlagen). Both belong to the case's tenant and are seen by whoever sees the case."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from openvorgang.cases.models import Case, CaseFile


class Comment(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    author_name = models.CharField(_("von"), max_length=300)
    text = models.TextField(_("Kommentar"))
    created_at = models.DateTimeField(_("geschrieben"))
    edited_at = models.DateTimeField(_("bearbeitet"), null=True, blank=True)

    class Meta:
        verbose_name = _("Kommentar")
        verbose_name_plural = _("Kommentare")
        ordering = ["case", "created_at", "id"]
        indexes = [models.Index(fields=["case", "created_at"], name="comment_case")]

    def __str__(self) -> str:
        return f"{self.author_name}: {self.text[:40]}"


class CommentFile(models.Model):
    """A file attached to a comment; the bytes are a CaseFile of kind ``comment``."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="files")
    case_file = models.OneToOneField(CaseFile, on_delete=models.CASCADE, related_name="+")

    def __str__(self) -> str:
        return str(self.case_file_id)


class FollowUp(models.Model):
    """A Wiedervorlage: look at the case again on ``due_on``."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="follow_ups")
    subject = models.CharField(_("Betreff"), max_length=200)
    due_on = models.DateField(_("fällig am"))
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="follow_ups",
        verbose_name=_("für"),
    )
    created_by_name = models.CharField(max_length=300)
    created_at = models.DateTimeField()
    done_at = models.DateTimeField(_("erledigt"), null=True, blank=True)
    done_by_name = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = _("Wiedervorlage")
        verbose_name_plural = _("Wiedervorlagen")
        ordering = ["due_on", "id"]
        indexes = [
            models.Index(
                fields=["case", "due_on"],
                condition=models.Q(done_at__isnull=True),
                name="followup_open_case",
            ),
            models.Index(
                fields=["due_on", "assignee"],
                condition=models.Q(done_at__isnull=True),
                name="followup_open_due",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject} ({self.due_on})"
