"""Directory screens for Land operators (everything) and tenant admins (rules of their own org
units): rules, adding and switching off, import with dry run, export, rule suggestions."""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from openvorgang.accounts.models import Role, User
from openvorgang.cases.errors import CaseError
from openvorgang.directory import deadline_rules, importer, selectors, services
from openvorgang.directory.models import DeadlineStart, DeadlineUnit, RuleSuggestion, Service
from openvorgang.tenants.models import Tenant

MAX_IMPORT_BYTES = 20 * 1024 * 1024
View = Callable[..., HttpResponse]


def directory_view(view: View) -> View:
    @wraps(view)
    @login_required
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = request.user
        assert isinstance(user, User)
        if not (user.has_role(Role.LAND_BETRIEB) or user.has_role(Role.MANDANTEN_ADMIN)):
            raise Http404
        try:
            return view(request, user, *args, **kwargs)
        except CaseError as exc:
            messages.error(request, exc.message)
            match = request.resolver_match
            if match is not None and match.url_name in ("deadline-rules", "deadline-history"):
                return redirect(request.path)
            return redirect("directory:rules")

    return wrapper


def _scope(user: User) -> Tenant | None:
    """None: the whole directory (Land operator); else the admin's tenant."""
    return None if user.has_role(Role.LAND_BETRIEB) else user.tenant


@require_http_methods(["GET", "POST"])
@directory_view
def rules(request: HttpRequest, user: User) -> HttpResponse:
    units = selectors.manageable_units(user=user)
    if request.method == "POST":
        unit = units.filter(pk=_int(request.POST.get("org_unit")) or 0).first()
        if unit is None:
            raise CaseError(_("Bitte eine Organisationseinheit wählen."))
        rule, changed = services.responsibility_create(
            actor=user,
            leika_key=request.POST.get("leika_key", ""),
            region_ars=request.POST.get("ars", ""),
            org_unit=unit,
            note=request.POST.get("note", ""),
        )
        if changed:
            messages.success(
                request, _("Zuständigkeitsregel #%(id)s gespeichert.") % {"id": rule.pk}
            )
        else:
            messages.info(request, _("Diese Regel gibt es schon (#%(id)s).") % {"id": rule.pk})
        return redirect("directory:rules")
    query = request.GET.get("q", "").strip()
    after = _int(request.GET.get("nach"))
    page = selectors.responsibility_list(user=user, query=query, after_id=after, limit=51)
    return render(
        request,
        "directory/rules.html",
        {
            "rules": page[:50],
            "next_after": page[49].pk if len(page) > 50 else None,
            "query": query,
            "units": units,
            "suggestions": selectors.open_suggestions(user=user)[:50],
            "land": user.has_role(Role.LAND_BETRIEB),
        },
    )


def _int(raw: object) -> int | None:
    text = str(raw or "")
    return int(text) if text.isdigit() else None


@require_POST
@directory_view
def rule_active(request: HttpRequest, user: User, rule_id: int) -> HttpResponse:
    rule = selectors.responsibilities_visible_to(user=user).filter(pk=rule_id).first()
    if rule is None:
        raise Http404
    active = request.POST.get("active") == "1"
    services.responsibility_set_active(actor=user, rule=rule, active=active)
    label = _("eingeschaltet") if active else _("abgeschaltet")
    messages.success(request, _("Regel #%(id)s %(what)s.") % {"id": rule.pk, "what": label})
    return redirect("directory:rules")


@require_POST
@directory_view
def suggestion_decide(request: HttpRequest, user: User, suggestion_id: int) -> HttpResponse:
    suggestion = selectors.open_suggestions(user=user).filter(pk=suggestion_id).first()
    if not isinstance(suggestion, RuleSuggestion):
        raise Http404
    accept = request.POST.get("decision") == "accept"
    services.suggestion_decide(actor=user, suggestion=suggestion, accept=accept)
    messages.success(request, _("Vorschlag übernommen.") if accept else _("Vorschlag abgelehnt."))
    return redirect("directory:rules")


@require_http_methods(["GET", "POST"])
@directory_view
def import_file(request: HttpRequest, user: User) -> HttpResponse:
    context: dict[str, Any] = {"land": user.has_role(Role.LAND_BETRIEB)}
    if request.method == "POST":
        upload = request.FILES.get("file")
        dry_run = request.POST.get("dry_run") == "1"
        if upload is None:
            messages.error(request, _("Bitte eine Datei wählen."))
        elif upload.size is not None and upload.size > MAX_IMPORT_BYTES:
            messages.error(request, _("Die Datei ist größer als 20 MB."))
        else:
            try:
                report = importer.import_directory(
                    upload.read(),
                    name=upload.name or "",
                    dry_run=dry_run,
                    tenant=_scope(user),
                    actor_name=user.display_name,
                )
            except importer.ImportError_ as exc:
                messages.error(request, str(exc))
            else:
                context["report"] = report
                context["file_name"] = upload.name
    return render(request, "directory/import.html", context)


@require_GET
@directory_view
def export(request: HttpRequest, user: User) -> HttpResponse:
    kind = request.GET.get("kind", "")
    tenant = _scope(user)
    if request.GET.get("format") == "csv":
        if kind not in importer.KINDS:
            raise Http404
        response = HttpResponse(
            importer.export_csv(kind, tenant=tenant), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{kind}.csv"'
        return response
    kinds = [kind] if kind in importer.KINDS else list(importer.KINDS)
    body = json.dumps(importer.export_json(kinds=kinds, tenant=tenant), ensure_ascii=False)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="zustaendigkeiten.json"'
    return response


# --- processing deadlines per service -------------------------------------------------------


def _rule_tenant(request: HttpRequest, user: User) -> Tenant | None:
    """Whose rule a form means: a tenant admin's always their tenant's; the Land operator's
    the Land's (empty) or the chosen tenant's."""
    if not user.has_role(Role.LAND_BETRIEB):
        return user.tenant
    raw = request.POST.get("mandant", "")
    if not raw:
        return None
    tenant = Tenant.objects.filter(pk=_int(raw) or 0).first()
    if tenant is None:
        raise CaseError(_("Diesen Mandanten gibt es nicht."))
    return tenant


def _rule_values(request: HttpRequest) -> deadline_rules.RuleValues:
    raw = request.POST.get("dauer", "").strip()
    if not raw.isdigit() or len(raw) > 5:
        raise CaseError(_("Bitte die Dauer als ganze Zahl angeben."))
    return deadline_rules.RuleValues(
        amount=int(raw),
        unit=request.POST.get("einheit", ""),
        starts=request.POST.get("beginn", "") or DeadlineStart.RECEIPT,
        fiction=request.POST.get("fiktion") == "1",
        extension_allowed=request.POST.get("verlaengerbar") == "1",
        legal_basis=request.POST.get("rechtsgrundlage", "").strip(),
        applies=request.POST.get("keine_frist") != "1",
    )


@require_http_methods(["GET", "POST"])
@directory_view
def deadline_rule_list(request: HttpRequest, user: User) -> HttpResponse:
    if request.method == "POST":
        tenant = _rule_tenant(request, user)
        remove = request.POST.get("entfernen") == "1"
        key = request.POST.get("leika_key", "").strip()
        _rule, changed = deadline_rules.deadline_rule_set(
            actor=user,
            leika_key=key,
            tenant=tenant,
            values=None if remove else _rule_values(request),
            note=request.POST.get("anlass", ""),
        )
        if not changed:
            messages.info(request, _("Die Fristregel war schon so; nichts geändert."))
        elif remove:
            messages.success(request, _("Fristregel entfernt; die Regel bleibt in der Historie."))
        else:
            messages.success(
                request,
                _(
                    "Fristregel gespeichert. Laufende Vorgänge behalten die Regel, mit der sie "
                    "begonnen haben."
                ),
            )
        return redirect(reverse("directory:deadline-history", args=[key]))
    query = request.GET.get("q", "").strip()[:100]
    return render(
        request,
        "directory/deadline_rules.html",
        {
            "rules": deadline_rules.rules_in_force(user=user, query=query),
            "query": query,
            "land": user.has_role(Role.LAND_BETRIEB),
            "tenants": Tenant.objects.order_by("name") if user.has_role(Role.LAND_BETRIEB) else [],
            "units": DeadlineUnit.choices,
            "starts": DeadlineStart.choices,
        },
    )


@require_GET
@directory_view
def deadline_rule_history(request: HttpRequest, user: User, leika_key: str) -> HttpResponse:
    service = Service.objects.filter(leika_key=leika_key).first()
    if service is None:
        raise Http404
    return render(
        request,
        "directory/deadline_history.html",
        {
            "service": service,
            "history": list(deadline_rules.rule_history(user=user, leika_key=leika_key)[:200]),
            "land": user.has_role(Role.LAND_BETRIEB),
            "tenants": Tenant.objects.order_by("name") if user.has_role(Role.LAND_BETRIEB) else [],
            "units": DeadlineUnit.choices,
            "starts": DeadlineStart.choices,
        },
    )
