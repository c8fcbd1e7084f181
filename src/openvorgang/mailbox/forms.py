"""The tenant's dispatch settings as a form, for the tenant admin's page and the admin site."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from openvorgang.mailbox.delivery import CHANNELS
from openvorgang.mailbox.models import DispatchSetting


def _choices() -> list[tuple[str, Any]]:
    return [("", gettext_lazy("– nicht verwenden –")), *CHANNELS.choices()]


class DispatchForm(forms.ModelForm):
    """The channel order is one choice per place (1., 2., …): each known channel at most once,
    nothing to type; all empty means the installation's default order."""

    class Meta:
        model = DispatchSetting
        fields = [
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
        current = list(self.instance.channel_order or [])
        places: dict[str, forms.Field] = {}
        for place in range(1, len(CHANNELS.names()) + 1):
            places[f"channel_{place}"] = forms.ChoiceField(
                label=_("Zustellkanal %(place)d. Wahl") % {"place": place},
                choices=_choices,
                required=False,
                initial=current[place - 1] if place <= len(current) else "",
                help_text=_("Leer lassen: Voreinstellung der Installation") if place == 1 else "",
            )
        self.fields = {**places, **self.fields}
        self.fields["bekanntgabe_days"].widget.attrs.update(min=0, max=30)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        order = [
            cleaned.get(f"channel_{place}") or "" for place in range(1, len(CHANNELS.names()) + 1)
        ]
        chosen = [name for name in order if name]
        if len(set(chosen)) != len(chosen):
            self.add_error("channel_1", _("Jeder Zustellkanal kann nur einmal gewählt werden."))
        cleaned["channel_order"] = chosen
        return cleaned

    def save(self, commit: bool = True) -> DispatchSetting:
        self.instance.channel_order = self.cleaned_data["channel_order"]
        return super().save(commit=commit)

    def clean_bekanntgabe_days(self) -> int:
        days = int(self.cleaned_data["bekanntgabe_days"])
        if days > 30:
            raise forms.ValidationError(_("Höchstens 30 Tage."))
        return days
