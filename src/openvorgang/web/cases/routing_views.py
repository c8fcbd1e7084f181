"""Zuständigkeitsfindung in the caseworker UI: the clearing inbox, forwarding a case, and the
trace of what was forwarded."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from functools import partial
from typing import TypeVar

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from openvorgang.accounts.access import signed_in
from openvorgang.cases import clearing, selectors, services
from openvorgang.cases.errors import CaseError, CaseNotFound
from openvorgang.cases.models import Case
from openvorgang.cases.pages import case_view, posted_version
from openvorgang.cases.policy import may_use_clearing
from openvorgang.directory.routing import route
from openvorgang.directory.services import moved_suggesting_rule
from openvorgang.directory.snapshot import current as current_directory
from openvorgang.lib.keyset import InvalidCursor
from openvorgang.tenants.models import OrgUnit

T = TypeVar("T")


@require_GET
@login_required
def clearing_list(request: HttpRequest) -> HttpResponse:
    user = signed_in(request)
    if not may_use_clearing(user):
        raise Http404
    try:
        page = clearing.clearing_list(user=user, cursor=request.GET.get("cursor"))
    except InvalidCursor:
        page = clearing.clearing_list(user=user)
    regions = current_directory().regions
    return render(request, "cases/clearing_list.html", {"page": page, "regions": regions})


@require_http_methods(["GET", "POST"])
@login_required
def clearing_detail(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    user = signed_in(request)
    try:
        case = clearing.clearing_case_get(user=user, case_id=case_id)
    except CaseNotFound as exc:
        raise Http404 from exc
    targets = clearing.routing_targets(user=user, case=case)
    if request.method == "POST":
        unit = _chosen(request, targets)
        try:
            if unit is None:
                raise CaseError(_("Bitte eine Organisationseinheit wählen."))
            note = request.POST.get("note", "")
            _moved(request, services.case_route, case=case, org_unit=unit, reason=note)
        except CaseNotFound as exc:
            raise Http404 from exc
        except CaseError as exc:
            messages.error(request, exc.message)
            return redirect("cases:clearing-detail", case_id=case.pk)
        messages.success(
            request,
            _("%(number)s wurde %(unit)s zugeordnet.")
            % {"number": case.number, "unit": f"{unit.tenant.name}, {unit.name}"},
        )
        return redirect("cases:clearing")
    return render(
        request,
        "cases/clearing_detail.html",
        {
            "case": case,
            "targets": targets,
            "region": current_directory().regions.get(case.region_key),
            "show_content": settings.OPENVORGANG_CLEARING_SHOWS_CONTENT,
        },
    )


def _moved(
    request: HttpRequest,
    service: Callable[..., T],
    *,
    case: Case,
    org_unit: OrgUnit,
    reason: str,
) -> T:
    """Route or forward (``service``: ``case_route`` or ``case_forward``) at the version the
    page showed; with the box "Regel vorschlagen" ticked, together with a rule suggestion for
    the directory."""
    actor = signed_in(request)
    move = partial(
        service,
        case=case,
        actor=actor,
        org_unit=org_unit,
        reason=reason,
        expected_version=posted_version(request),
    )
    if request.POST.get("suggest") != "1":
        return move()
    return moved_suggesting_rule(
        case=case, org_unit=org_unit, actor=actor, reason=reason, move=move
    )


def _chosen(request: HttpRequest, allowed: QuerySet[OrgUnit]) -> OrgUnit | None:
    raw = request.POST.get("org_unit", "")
    return allowed.filter(pk=int(raw)).first() if raw.isdigit() else None


@require_http_methods(["GET", "POST"])
@case_view
def case_forward(request: HttpRequest, case: Case) -> HttpResponse:
    user = signed_in(request)
    if not clearing.can_forward(user=user, case=case):
        raise CaseError(_("Dieser Vorgang kann jetzt nicht weitergeleitet werden."))
    targets = clearing.forwarding_targets(case=case)
    if request.method == "POST":
        unit = _chosen(request, targets)
        if unit is None:
            raise CaseError(_("Bitte eine Organisationseinheit wählen."))
        reason = request.POST.get("reason", "")
        trace = _moved(request, services.case_forward, case=case, org_unit=unit, reason=reason)
        messages.success(
            request,
            _("%(number)s wurde an %(to)s weitergeleitet.")
            % {"number": trace.case_number, "to": trace.to_name},
        )
        if selectors.cases_visible_to(user).filter(pk=case.pk).exists():
            return redirect("cases:detail", case_id=case.pk)
        return redirect("cases:forwarded")
    suggestion = route(leika_keys=case.leika_keys, ars=case.region_key, form_data=case.form_data)
    return render(
        request,
        "cases/forward.html",
        {"case": case, "targets": targets, "suggested": suggestion.org_unit_id},
    )


@require_GET
@login_required
def forwarded_list(request: HttpRequest) -> HttpResponse:
    user = signed_in(request)
    return render(request, "cases/forwarded.html", {"traces": clearing.forwardings_from(user=user)})
