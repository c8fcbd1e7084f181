from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_http_methods

from openvorgang.accounts.models import User
from openvorgang.notify.selectors import notices_page
from openvorgang.notify.services import mark_read, setting_for

FIELDS = ("new_cases", "assigned", "follow_ups", "deadlines", "by_email")
LABELS = {
    "new_cases": _lazy("neue Anträge meiner Organisationseinheiten"),
    "assigned": _lazy("mir zugewiesene Vorgänge"),
    "follow_ups": _lazy("fällige Wiedervorlagen (täglich)"),
    "deadlines": _lazy("Bearbeitungsfristen, die bald enden"),
    "by_email": _lazy("auch per E-Mail"),
}


@require_http_methods(["GET", "POST"])
@login_required
def notices(request: HttpRequest) -> HttpResponse:
    """The user's notices (of cases still visible to them); POST marks them read."""
    user = request.user
    assert isinstance(user, User)
    if request.method == "POST":
        mark_read(user)
        messages.success(request, _("Alle Benachrichtigungen als gelesen markiert."))
        return redirect("notify:notices")
    raw = request.GET.get("vor", "")
    page = notices_page(user=user, before=int(raw) if raw.isdigit() else None)
    return render(
        request,
        "notify/notices.html",
        {"notices": page.notices, "older": page.older, "paged": bool(raw)},
    )


@require_http_methods(["GET", "POST"])
@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    setting = setting_for(user)
    if request.method == "POST":
        for name in FIELDS:
            setattr(setting, name, request.POST.get(name) == "1")
        setting.save()
        messages.success(request, _("Einstellungen gespeichert."))
        return redirect("notify:preferences")
    fields = [(name, LABELS[name], getattr(setting, name)) for name in FIELDS]
    return render(request, "notify/preferences.html", {"fields": fields})
