"""The tenant admin's dispatch settings: channel order, letterhead and Bekanntgabe rules."""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from openvorgang.accounts.access import tenant_admin
from openvorgang.accounts.models import User
from openvorgang.mailbox.channels import CHANNELS
from openvorgang.mailbox.models import DispatchSetting
from openvorgang.mailbox.selectors import dispatch_setting


class DispatchForm(forms.ModelForm):
    channel_order = forms.CharField(
        label=gettext_lazy("Reihenfolge der Zustellkanäle"),
        required=False,
        help_text=gettext_lazy("Kommagetrennt; leer: Voreinstellung der Installation"),
    )

    class Meta:
        model = DispatchSetting
        fields = [
            "channel_order",
            "letterhead",
            "return_address",
            "contact",
            "bekanntgabe_days",
            "bekanntgabe_next_working_day",
            "holiday_region",
        ]
        widgets = {
            "letterhead": forms.Textarea(attrs={"rows": 3}),
            "contact": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.initial["channel_order"] = ", ".join(self.instance.channel_order or [])
        self.fields["bekanntgabe_days"].widget.attrs.update(min=0, max=30)

    def clean_channel_order(self) -> list[str]:
        raw = self.cleaned_data.get("channel_order") or ""
        return [name.strip() for name in raw.split(",") if name.strip()]

    def clean_bekanntgabe_days(self) -> int:
        days = int(self.cleaned_data["bekanntgabe_days"])
        if days > 30:
            raise forms.ValidationError(_("Höchstens 30 Tage."))
        return days


@require_http_methods(["GET", "POST"])
@tenant_admin
def dispatch_settings(request: HttpRequest, user: User) -> HttpResponse:
    instance = dispatch_setting(tenant_id=user.tenant_id) or DispatchSetting(tenant=user.tenant)
    form = DispatchForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Versandeinstellungen gespeichert."))
        return redirect("dispatch-settings")
    return render(
        request,
        "mailbox/dispatch_settings.html",
        {"form": form, "known": json.dumps(list(CHANNELS))},
    )
