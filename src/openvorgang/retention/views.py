"""Retention screens: the tenant admin's periods and the Löschberechtigt user's confirmation."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from openvorgang.accounts.access import signed_in, tenant_admin
from openvorgang.accounts.models import Role, User
from openvorgang.cases.models import Case
from openvorgang.lib.keys import is_leika
from openvorgang.records.models import Connector, Purpose
from openvorgang.retention.models import RetentionRule, RetentionSetting
from openvorgang.retention.services import (
    awaiting_confirmation,
    confirm_deletion,
    retention_settings_save,
)


class SettingForm(forms.ModelForm):
    rules = forms.CharField(
        label=gettext_lazy("Fristen je Leistung (eine Zeile: Leistungsschlüssel Jahre)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    class Meta:
        model = RetentionSetting
        fields = [
            "default_years",
            "archive_first",
            "archive_connector",
            "automatic_deletion",
            "offer_wait_days",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        tenant_id = self.instance.tenant_id
        self.fields["archive_connector"].queryset = Connector.objects.filter(  # type: ignore[attr-defined]
            tenant_id=tenant_id, purpose=Purpose.DMS
        )
        self.initial["rules"] = "\n".join(
            f"{r.service_key} {r.years}"
            for r in RetentionRule.objects.filter(tenant_id=tenant_id).order_by("service_key")
        )

    def clean_rules(self) -> dict[str, int]:
        rules: dict[str, int] = {}
        for number, line in enumerate((self.cleaned_data.get("rules") or "").splitlines(), 1):
            parts = line.split()
            if not parts:
                continue
            if (
                len(parts) != 2
                or not is_leika(parts[0])
                or not (parts[1].isdigit() and 0 < int(parts[1]) <= 100)
            ):
                raise forms.ValidationError(
                    _("Zeile %(n)s: „Leistungsschlüssel (14 Ziffern) Jahre (1–100)“ erwartet.")
                    % {"n": number}
                )
            rules[parts[0]] = int(parts[1])
        return rules


@require_http_methods(["GET", "POST"])
@tenant_admin
def settings_view(request: HttpRequest, user: User) -> HttpResponse:
    instance = RetentionSetting.objects.filter(tenant=user.tenant).first() or RetentionSetting(
        tenant=user.tenant
    )
    form = SettingForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        retention_settings_save(setting=form.save(commit=False), rules=form.cleaned_data["rules"])
        messages.success(request, _("Aufbewahrung gespeichert."))
        return redirect("retention:settings")
    return render(request, "retention/settings.html", {"form": form})


@require_http_methods(["GET", "POST"])
@login_required
def confirm_view(request: HttpRequest) -> HttpResponse:
    user = signed_in(request)
    if not user.has_role(Role.LOESCHBERECHTIGT):
        raise Http404
    if request.method == "POST":
        ids = request.POST.getlist("ids")[:500]
        cases = list(Case.objects.filter(tenant=user.tenant, pk__in=ids))
        if request.POST.get("bestaetigt") != "1" or not cases:
            messages.error(request, _("Bitte Vorgänge auswählen und die Löschung bestätigen."))
        else:
            done, problems = confirm_deletion(user=user, cases=cases)
            if done:
                messages.success(
                    request, _("%(n)s Vorgänge endgültig gelöscht.") % {"n": len(done)}
                )
            for problem in problems[:10]:
                messages.error(request, problem)
        return redirect("retention:confirm")
    return render(request, "retention/confirm.html", {"rows": awaiting_confirmation(user=user)})
