"""One-time tokens of the forms that create something (``web.once``)."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class OnceToken(models.Model):
    """A form's token, recorded when its POST arrives: a second POST with the same token (a
    double click, the back button and "send again", a network retry) runs nothing. No URL is
    kept: the Antragsraum's would hold its secret link."""

    token = models.CharField(max_length=64, primary_key=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = "Einmal-Token"

    def __str__(self) -> str:
        return self.token[:6] + "…"
