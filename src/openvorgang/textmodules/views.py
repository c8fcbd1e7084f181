"""Textbausteine: the tenant admin's screens, and the filled-in text for a case (fetched by
the case page's picker: JSON, or a problem+json with the German reason)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from openvorgang.accounts.access import signed_in, tenant_admin
from openvorgang.accounts.models import User
from openvorgang.cases.errors import InvalidInput
from openvorgang.cases.models import Case
from openvorgang.cases.pages import case_view
from openvorgang.decisions.rendering import case_context, render_text, sample_case
from openvorgang.directory.selectors import tenant_services
from openvorgang.tenants.models import OrgUnit
from openvorgang.textmodules import selectors, services
from openvorgang.textmodules.models import TextModule


@require_GET
@case_view
def fill(request: HttpRequest, case: Case, module_id: int) -> HttpResponse:
    user = signed_in(request)
    module = selectors.modules_for(user=user, case=case).filter(pk=module_id).first()
    if module is None:
        raise Http404
    try:
        text = services.text_module_fill(module=module, case=case, user=user)
    except InvalidInput as exc:
        return JsonResponse(
            {"type": "about:blank", "title": _("Textbaustein passt nicht"), "status": 400,
             "detail": exc.message},
            status=400,
            content_type="application/problem+json",
        )  # fmt: skip
    return JsonResponse({"name": module.name, "text": text})


@require_GET
@tenant_admin
def module_list(request: HttpRequest, user: User) -> HttpResponse:
    return render(
        request,
        "textmodules/list.html",
        {"modules": selectors.modules_of_tenant(user=user).order_by("name")[:500]},
    )


@require_http_methods(["GET", "POST"])
@tenant_admin
def module_edit(request: HttpRequest, user: User, pk: int | None = None) -> HttpResponse:
    module = None
    if pk is not None:
        module = selectors.modules_of_tenant(user=user).filter(pk=pk).first()
        if module is None:
            raise Http404
    units = OrgUnit.objects.filter(tenant_id=user.tenant_id or 0).order_by("name")
    values = {
        "name": module.name if module else "",
        "body": module.body if module else "",
        "leistung": module.service_key if module else "",
        "oe": str(module.org_unit_id or "") if module else "",
    }
    error, preview = "", ""
    if request.method == "POST":
        values = {k: request.POST.get(k, "") for k in values}
        unit = units.filter(pk=int(values["oe"])).first() if values["oe"].isdigit() else None
        try:
            services.text_module_save(
                actor=user,
                module=module,
                name=values["name"],
                body=values["body"],
                service_key=values["leistung"],
                org_unit=unit,
            )
        except InvalidInput as exc:
            error = exc.message
        else:
            messages.success(request, _("Textbaustein gespeichert."))
            return redirect("textmodules:list")
    if module is not None and not error:
        try:
            preview = render_text(
                module.body, case_context(sample_case(), caseworker=user.display_name)
            )
        except Exception:  # the preview on a made-up case is a help, never a failure
            preview = ""
    return render(
        request,
        "textmodules/edit.html",
        {
            "module": module,
            "values": values,
            "error": error,
            "preview": preview,
            "units": units,
            "services": tenant_services(tenant_id=user.tenant_id),
        },
    )


@require_POST
@tenant_admin
def module_delete(request: HttpRequest, user: User, pk: int) -> HttpResponse:
    deleted, _count = TextModule.objects.filter(tenant_id=user.tenant_id or 0, pk=pk).delete()
    if not deleted:
        raise Http404
    messages.success(request, _("Textbaustein gelöscht."))
    return redirect("textmodules:list")
