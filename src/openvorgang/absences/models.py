"""Vertretung: a person's absence (from–to, both days included) and who covers for them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Absence(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="absences",
        verbose_name=_("abwesend"),
    )
    substitute = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="covers",
        verbose_name=_("Vertretung"),
    )
    starts_on = models.DateField(_("von"))
    ends_on = models.DateField(_("bis"))
    note = models.CharField(_("Hinweis"), max_length=200, blank=True)
    created_by_name = models.CharField(max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Abwesenheit")
        verbose_name_plural = _("Abwesenheiten")
        ordering = ["user", "starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="absence_ordered"
            ),
            models.CheckConstraint(
                condition=~models.Q(user=models.F("substitute")), name="absence_not_self"
            ),
        ]
        indexes = [
            models.Index(fields=["user", "ends_on"], name="absence_user_end"),
            models.Index(fields=["substitute", "ends_on"], name="absence_sub_end"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.starts_on}–{self.ends_on} → {self.substitute_id}"
