"""The caseworker's deadline steps on the case page (tab "Frist") and the tenant's deadline
settings: thin wrappers around the services; refusals become German messages on the page."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from openvorgang.accounts.access import signed_in, tenant_admin
from openvorgang.accounts.models import User
from openvorgang.cases.errors import InvalidInput
from openvorgang.cases.models import Case
from openvorgang.cases.pages import case_view_at, detail_redirect, posted_version
from openvorgang.deadlines import services
from openvorgang.deadlines.models import DeadlineSetting
from openvorgang.lib.dates import parse_day

ANCHOR = "frist"


def _day(request: HttpRequest, name: str, label: str) -> dt.date:
    try:
        day = parse_day(request.POST.get(name, ""))
    except ValueError as exc:
        raise InvalidInput(
            _("„%(label)s“ ist kein gültiges Datum (TT.MM.JJJJ).") % {"label": label}
        ) from exc
    return day or timezone.localdate()


@require_POST
@case_view_at(ANCHOR)
def complete(request: HttpRequest, case: Case) -> HttpResponse:
    deadline = services.deadline_complete(
        case=case,
        actor=signed_in(request),
        on=_day(request, "am", _("Vollständig seit")),
        expected_version=posted_version(request),
    )
    messages.success(request, _done(_("Unterlagen als vollständig erfasst."), deadline.due_on))
    return detail_redirect(case.pk, ANCHOR)


@require_POST
@case_view_at(ANCHOR)
def pause(request: HttpRequest, case: Case) -> HttpResponse:
    services.deadline_pause(
        case=case,
        actor=signed_in(request),
        on=_day(request, "am", _("Gehemmt seit")),
        reason=request.POST.get("grund", ""),
        expected_version=posted_version(request),
    )
    messages.success(
        request, _("Die Frist ist gehemmt; sie läuft weiter, wenn Sie sie fortsetzen.")
    )
    return detail_redirect(case.pk, ANCHOR)


@require_POST
@case_view_at(ANCHOR)
def resume(request: HttpRequest, case: Case) -> HttpResponse:
    deadline = services.deadline_resume(
        case=case,
        actor=signed_in(request),
        on=_day(request, "am", _("Läuft wieder seit")),
        expected_version=posted_version(request),
    )
    messages.success(request, _done(_("Die Frist läuft wieder."), deadline.due_on))
    return detail_redirect(case.pk, ANCHOR)


@require_POST
@case_view_at(ANCHOR)
def extend(request: HttpRequest, case: Case) -> HttpResponse:
    raw = request.POST.get("dauer", "")
    deadline = services.deadline_extend(
        case=case,
        actor=signed_in(request),
        amount=int(raw) if raw.isdigit() and len(raw) < 6 else 0,
        unit=request.POST.get("einheit", ""),
        reason=request.POST.get("begruendung", ""),
        expected_version=posted_version(request),
    )
    messages.success(
        request,
        _done(
            _("Frist verlängert; die Begründung ist an die antragstellende Person gegangen."),
            deadline.due_on,
        ),
    )
    return detail_redirect(case.pk, ANCHOR)


def _done(text: str, due: dt.date | None) -> str:
    if due is None:
        return text
    return f"{text} " + _("Sie endet am %(day)s.") % {"day": due.strftime("%d.%m.%Y")}


@require_http_methods(["GET", "POST"])
@tenant_admin
def settings_view(request: HttpRequest, user: User) -> HttpResponse:
    """The tenant admin's deadline settings (warning lead time)."""
    assert user.tenant_id is not None
    setting, _created = DeadlineSetting.objects.get_or_create(tenant_id=user.tenant_id)
    error = ""
    if request.method == "POST":
        raw = request.POST.get("warn_days", "").strip()
        if raw.isdigit() and 0 <= int(raw) <= 365:
            setting.warn_days = int(raw)
            setting.save(update_fields=["warn_days"])
            messages.success(request, _("Fristeinstellungen gespeichert."))
            return redirect("deadlines:settings")
        error = _("Bitte eine Zahl von 0 bis 365 angeben.")
    return render(
        request,
        "deadlines/settings.html",
        {"setting": setting, "error": error, "value": request.POST.get("warn_days", "")},
    )
