"""The tenant's dispatch settings as a form, for the tenant admin's page and the admin site."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from openvorgang.mailbox.delivery import CHANNELS
from openvorgang.mailbox.models import DispatchSetting


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
        order = [name.strip() for name in raw.split(",") if name.strip()]
        if any(name not in CHANNELS for name in order):
            raise forms.ValidationError(
                _("Bekannte Kanäle: %(names)s") % {"names": ", ".join(CHANNELS)}
            )
        return order

    def clean_bekanntgabe_days(self) -> int:
        days = int(self.cleaned_data["bekanntgabe_days"])
        if days > 30:
            raise forms.ValidationError(_("Höchstens 30 Tage."))
        return days
