"""Decision screens: the caseworker's preview and issue on the case page, and the tenant
admin's template editor with a live preview on a sample case."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from openvorgang.accounts.access import signed_in, tenant_admin
from openvorgang.accounts.models import User
from openvorgang.cases.errors import CaseError
from openvorgang.cases.incoming import IncomingFile
from openvorgang.cases.models import Case
from openvorgang.cases.pages import case_view_at, detail_redirect, posted_version
from openvorgang.decisions import selectors, services
from openvorgang.decisions.models import Decision, DecisionKind, DecisionTemplate
from openvorgang.lib.dates import parse_day

View = Callable[..., HttpResponse]


def _pdf(data: bytes, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _template_of(case: Case, raw: str) -> DecisionTemplate:
    chosen = next((t for t in selectors.templates_for_case(case=case) if str(t.pk) == raw), None)
    if chosen is None:
        raise CaseError(_("Bitte eine Bescheidvorlage wählen."))
    return chosen


@require_POST
@case_view_at("bescheid")
def decision_preview(request: HttpRequest, case: Case) -> HttpResponse:
    template = _template_of(case, request.POST.get("vorlage", ""))
    pdf = services.decision_preview(
        case=case,
        actor=signed_in(request),
        template=template,
        freitext=request.POST.get("freitext", ""),
    )
    return _pdf(pdf, f"Entwurf-{case.number}.pdf")


@require_POST
@case_view_at("bescheid")
def decision_issue(request: HttpRequest, case: Case) -> HttpResponse:
    _confirmed(request)
    decision = services.decision_issue(
        case=case,
        actor=signed_in(request),
        template=_template_of(case, request.POST.get("vorlage", "")),
        freitext=request.POST.get("freitext", ""),
        channel=request.POST.get("kanal", ""),
        expected_version=posted_version(request),
    )
    return _sent(request, decision)


@require_POST
@case_view_at("bescheid")
def decision_upload(request: HttpRequest, case: Case) -> HttpResponse:
    _confirmed(request)
    document = request.FILES.get("dokument")
    if document is None:
        raise CaseError(_("Bitte das Bescheid-Dokument (PDF) wählen."))
    decision = services.decision_upload(
        case=case,
        actor=signed_in(request),
        kind=request.POST.get("art", ""),
        subject=request.POST.get("betreff", ""),
        upload=IncomingFile(document, document.name or "Bescheid.pdf"),
        channel=request.POST.get("kanal", ""),
        expected_version=posted_version(request),
    )
    return _sent(request, decision)


@require_POST
@case_view_at("bescheid")
def decision_external(request: HttpRequest, case: Case) -> HttpResponse:
    if request.POST.get("bestaetigt") != "1":
        raise CaseError(_("Bitte bestätigen, dass der Bescheid außerhalb erteilt wurde."))
    services.decision_record_external(
        case=case,
        actor=signed_in(request),
        kind=request.POST.get("art", ""),
        reference=request.POST.get("zeichen", ""),
        issued_on=_date(request.POST.get("datum", ""), _("Datum des Bescheids")),
        bekanntgabe=_date(request.POST.get("bekanntgabe", ""), _("Bekanntgabe")),
        expected_version=posted_version(request),
    )
    messages.success(request, _("Bescheid als außerhalb erteilt erfasst."))
    return detail_redirect(case.pk, "bescheid")


def _confirmed(request: HttpRequest) -> None:
    if request.POST.get("bestaetigt") != "1":
        raise CaseError(_("Bitte bestätigen, dass der Bescheid erlassen und versandt wird."))


def _sent(request: HttpRequest, decision: Decision) -> HttpResponse:
    messages.success(
        request,
        _("Bescheid erlassen und zum Versand gegeben; Bekanntgabe am %(day)s.")
        % {"day": f"{decision.bekanntgabe:%d.%m.%Y}"},
    )
    return detail_redirect(decision.case_id, "bescheid")


def _date(raw: str, label: str) -> dt.date | None:
    try:
        return parse_day(raw)
    except ValueError as exc:
        raise CaseError(
            _("„%(label)s“ ist kein gültiges Datum (TT.MM.JJJJ).") % {"label": label}
        ) from exc


@require_GET
@tenant_admin
def template_list(request: HttpRequest, user: User) -> HttpResponse:
    return render(
        request, "decisions/templates.html", {"templates": selectors.tenant_templates(user=user)}
    )


@require_http_methods(["GET", "POST"])
@tenant_admin
def template_edit(request: HttpRequest, user: User, pk: int | None = None) -> HttpResponse:
    template = None
    if pk is not None:
        template = selectors.tenant_templates(user=user).filter(pk=pk).first()
        if template is None:
            raise Http404
    values = {
        "name": template.name if template else "",
        "kind": template.kind if template else DecisionKind.APPROVAL,
        "service_key": template.service_key if template else "",
        "subject": template.subject if template else "Ihr Antrag vom {{ vorgang.eingang }}",
        "body": template.body if template else "",
        "active": template.active if template else True,
    }
    if request.method == "POST":
        values = {
            "name": request.POST.get("name", ""),
            "kind": request.POST.get("kind", ""),
            "service_key": request.POST.get("service_key", ""),
            "subject": request.POST.get("subject", ""),
            "body": request.POST.get("body", ""),
            "active": request.POST.get("active") == "1",
        }
        try:
            saved = services.template_save(actor=user, template=template, **values)  # type: ignore[arg-type]
        except CaseError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Vorlage gespeichert."))
            return redirect("decisions:template-edit", pk=saved.pk)
    return render(
        request,
        "decisions/template_edit.html",
        {"template": template, "values": values, "kinds": DecisionKind.choices},
    )


@require_POST
@xframe_options_sameorigin
@tenant_admin
def template_preview(request: HttpRequest, user: User) -> HttpResponse:
    try:
        pdf = services.template_preview(
            actor=user,
            kind=request.POST.get("kind", ""),
            subject=request.POST.get("subject", ""),
            body=request.POST.get("body", ""),
        )
    except CaseError as exc:
        return render(request, "decisions/preview_error.html", {"error": exc.message}, status=400)
    return _pdf(pdf, "Vorschau.pdf")
