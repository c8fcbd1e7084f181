"""Absences: one's own (``/konto/abwesenheit/``) and, for the tenant admin, everyone's of the
tenant (``/verwaltung/abwesenheiten/``)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from openvorgang.absences import selectors, services
from openvorgang.absences.models import Absence
from openvorgang.accounts.access import signed_in, tenant_admin
from openvorgang.accounts.models import Role, User
from openvorgang.cases.errors import InvalidInput
from openvorgang.lib.dates import parse_day
from openvorgang.lib.errors import Problem


def _people(user: User) -> list[User]:
    return list(
        User.objects.filter(tenant_id=user.tenant_id or 0, is_active=True).order_by(
            "last_name", "first_name", "username"
        )
    )


def _handle(request: HttpRequest, user: User, *, admin: bool, target: str) -> HttpResponse | None:
    """A POST of the absence form (record or delete); None when it was refused."""
    people = {p.pk: p for p in _people(user)}
    try:
        if request.POST.get("loeschen", "").isdigit():
            absence = (
                Absence.objects.filter(
                    pk=int(request.POST["loeschen"]), user__tenant_id=user.tenant_id or 0
                )
                .select_related("user")
                .first()
            )
            if absence is None:
                raise Http404
            services.absence_delete(actor=user, absence=absence)
            messages.success(request, _("Abwesenheit gelöscht."))
            return redirect(target)
        who = people.get(int(request.POST.get("wer") or 0)) if admin else user
        substitute = (
            people.get(int(request.POST.get("vertretung") or 0))
            if request.POST.get("vertretung", "").isdigit()
            else None
        )
        if who is None or substitute is None:
            raise InvalidInput(_("Bitte die abwesende Person und die Vertretung wählen."))
        try:
            starts, ends = (
                parse_day(request.POST.get("von", "")),
                parse_day(request.POST.get("bis", "")),
            )
        except ValueError as exc:
            raise InvalidInput(_("Bitte gültige Daten angeben (TT.MM.JJJJ).")) from exc
        if starts is None or ends is None:
            raise InvalidInput(_("Bitte Beginn und Ende der Abwesenheit angeben."))
        services.absence_record(
            actor=user,
            user=who,
            substitute=substitute,
            starts_on=starts,
            ends_on=ends,
            note=request.POST.get("hinweis", ""),
        )
    except Problem as exc:
        messages.error(request, exc.message)
        return None
    except ValueError:
        messages.error(request, _("Bitte die abwesende Person und die Vertretung wählen."))
        return None
    messages.success(request, _("Abwesenheit eingetragen."))
    return redirect(target)


def _page(request: HttpRequest, user: User, *, admin: bool, target: str) -> HttpResponse:
    if request.method == "POST" and (done := _handle(request, user, admin=admin, target=target)):
        return done
    people = _people(user)
    shown = [p.pk for p in people] if admin else [user.pk]
    return render(
        request,
        "absences/page.html",
        {
            "admin": admin,
            "absences": selectors.absences_of(users=shown),
            "covering": selectors.covered_by(user),
            "people": people,
            "substitutes": [
                p for p in people if Role.SACHBEARBEITUNG in p.roles and (admin or p.pk != user.pk)
            ],
            "values": request.POST if request.method == "POST" else {},
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def own(request: HttpRequest) -> HttpResponse:
    user = signed_in(request)
    if user.tenant_id is None:
        raise Http404
    return _page(request, user, admin=False, target="absences:own")


@require_http_methods(["GET", "POST"])
@tenant_admin
def tenant(request: HttpRequest, user: User) -> HttpResponse:
    return _page(request, user, admin=True, target="absences:tenant")
