"""One-time tokens of the forms that create something (``web.once``) and the case list's
saved views."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


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


class SavedView(models.Model):
    """A filter and sort of the case list saved under a name: for its owner, or shared with
    one of the owner's org units (everyone working for that unit sees it). ``query`` is the
    list's URL query; it is parsed like any URL when shown, so a view naming a unit or person
    that no longer exists says so instead of failing."""

    tenant = models.ForeignKey("tenants.Tenant", on_delete=models.CASCADE, related_name="+")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_views"
    )
    shared_with = models.ForeignKey(
        "tenants.OrgUnit",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("geteilt mit"),
    )
    name = models.CharField(_("Name"), max_length=60)
    query = models.CharField(max_length=1000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("gespeicherte Ansicht")
        verbose_name_plural = _("gespeicherte Ansichten")
        indexes = [
            models.Index(fields=["owner", "name"], name="savedview_owner"),
            models.Index(fields=["shared_with", "name"], name="savedview_shared"),
        ]

    def __str__(self) -> str:
        return self.name
