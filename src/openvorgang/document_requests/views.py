"""Nachforderung: the caseworker's form on the case page and the applicant's answer in the
Antragsraum (the same secret link and failed-look-up limit as the Antragsraum itself)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from openvorgang.accounts.access import signed_in, tenant_admin
from openvorgang.accounts.models import User
from openvorgang.cases.errors import InvalidInput
from openvorgang.cases.incoming import IncomingFile
from openvorgang.cases.models import Case
from openvorgang.cases.pages import case_view_at, detail_redirect, posted_version
from openvorgang.directory.models import Service
from openvorgang.directory.selectors import tenant_services
from openvorgang.document_requests import services
from openvorgang.document_requests.models import (
    DocumentRequest,
    RequestableDocument,
    RequestState,
)
from openvorgang.lib.dates import parse_day
from openvorgang.lib.errors import Problem
from openvorgang.mailbox import access
from openvorgang.mailbox.views import (
    antragsraum_limited,
    antragsraum_missed,
    antragsraum_not_found,
)

ANCHOR = "nachrichten"


@require_POST
@case_view_at(ANCHOR)
def request_create(request: HttpRequest, case: Case) -> HttpResponse:
    try:
        reply_by = parse_day(request.POST.get("bis", ""))
    except ValueError as exc:
        raise InvalidInput(_("„Antwort bis“ ist kein gültiges Datum (TT.MM.JJJJ).")) from exc
    if reply_by is None:
        raise InvalidInput(_("Bitte angeben, bis wann die Unterlagen kommen sollen."))
    items = request.POST.getlist("unterlage") + request.POST.get("weitere", "").splitlines()
    created = services.request_create(
        case=case,
        actor=signed_in(request),
        items=items,
        reply_by=reply_by,
        pause=request.POST.get("hemmen") == "1",
        note=request.POST.get("hinweis", ""),
        expected_version=posted_version(request),
    )
    text = _("Nachforderung versandt; Antwort bis %(day)s, Wiedervorlage gesetzt.") % {
        "day": created.reply_by.strftime("%d.%m.%Y")
    }
    if created.pause_id:
        text += " " + _("Die Bearbeitungsfrist ist gehemmt, bis die Antwort kommt.")
    messages.success(request, text)
    return detail_redirect(case.pk, ANCHOR)


@require_POST
def antragsraum_answer(request: HttpRequest, secret: str, request_id: int) -> HttpResponse:
    if antragsraum_limited(request):
        return antragsraum_not_found(request, status=429)
    case = access.case_for_secret(secret)
    wanted = (
        DocumentRequest.objects.filter(case=case, pk=request_id).first()
        if case is not None
        else None
    )
    if case is None or wanted is None:
        antragsraum_missed(request)
        return antragsraum_not_found(request)
    files = {}
    for item in wanted.items.all():
        upload = request.FILES.get(f"unterlage-{item.pk}")
        if upload is not None:
            files[item.pk] = IncomingFile(upload, upload.name or "")
    try:
        answered = services.request_answer(
            case=case, request=wanted, files=files, text=request.POST.get("text", "")
        )
    except Problem as exc:
        messages.error(request, exc.message)
    else:
        if answered.state == RequestState.FULFILLED:
            messages.success(request, _("Danke, alle angeforderten Unterlagen sind eingegangen."))
        else:
            messages.success(
                request,
                _("Danke, Ihre Unterlagen sind eingegangen. Es fehlen noch welche (siehe unten)."),
            )
    return redirect("antragsraum", secret=secret)


@require_http_methods(["GET", "POST"])
@tenant_admin
def requestable_list(request: HttpRequest, user: User) -> HttpResponse:
    """The tenant admin's list of documents caseworkers pick from when they ask for more."""
    assert user.tenant_id is not None
    if request.method == "POST":
        if request.POST.get("loeschen", "").isdigit():
            RequestableDocument.objects.filter(
                tenant_id=user.tenant_id, pk=int(request.POST["loeschen"])
            ).delete()
            messages.success(request, _("Unterlage aus der Auswahl entfernt."))
            return redirect("document_requests:requestable")
        try:
            services.requestable_add(
                tenant_id=user.tenant_id,
                service_key=request.POST.get("leistung", ""),
                label=request.POST.get("unterlage", ""),
            )
        except Problem as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Unterlage zur Auswahl hinzugefügt."))
            return redirect("document_requests:requestable")
    rows = RequestableDocument.objects.filter(tenant_id=user.tenant_id).order_by(
        "service_key", "label"
    )
    names = dict(
        Service.objects.filter(leika_key__in={r.service_key for r in rows}).values_list(
            "leika_key", "name"
        )
    )
    return render(
        request,
        "document_requests/requestable.html",
        {
            "rows": [(r, names.get(r.service_key, "")) for r in rows[:500]],
            "services": tenant_services(tenant_id=user.tenant_id),
            "values": request.POST if request.method == "POST" else {},
        },
    )
