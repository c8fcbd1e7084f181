"""The tenant admin's dispatch settings: channel order, letterhead and Bekanntgabe rules."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from openvorgang.accounts.access import tenant_admin
from openvorgang.accounts.models import User
from openvorgang.mailbox.forms import DispatchForm
from openvorgang.mailbox.models import DispatchSetting
from openvorgang.mailbox.selectors import dispatch_setting


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
        {"form": form},
    )
