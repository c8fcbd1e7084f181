"""Records screens: export and handover on the case page, the tenant admin's connectors."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from openvorgang.accounts.access import signed_in, tenant_admin
from openvorgang.accounts.models import User
from openvorgang.cases.errors import CaseError
from openvorgang.cases.models import Case
from openvorgang.cases.pages import case_view_at, detail_redirect, posted_version
from openvorgang.lib import keys as keys_lib
from openvorgang.records import selectors, services
from openvorgang.records.auth import connector_token_issue
from openvorgang.records.folders import FolderRefused, confined
from openvorgang.records.models import Connector, Export, Purpose
from openvorgang.records.registry import TargetRefused, check_target


def _connector(user: User, raw: str, purpose: Purpose) -> Connector:
    found = selectors.connectors_for(user=user, purpose=purpose).filter(
        pk=int(raw) if raw.isdigit() else -1
    )
    connector = found.first()
    if connector is None:
        raise CaseError(_("Bitte eine Anbindung wählen."))
    return connector


@require_POST
@case_view_at("verakten")
def case_export(request: HttpRequest, case: Case) -> HttpResponse:
    user = signed_in(request)
    connector = _connector(user, request.POST.get("anbindung", ""), Purpose.DMS)
    services.export_request(case=case, connector=connector, actor=user)
    messages.success(
        request,
        _("Export an „%(name)s“ ist in Arbeit; der Stand steht unten.") % {"name": connector.name},
    )
    return detail_redirect(case.pk, "verakten")


@require_POST
@case_view_at("verakten")
def case_handover(request: HttpRequest, case: Case) -> HttpResponse:
    user = signed_in(request)
    if request.POST.get("bestaetigt") != "1":
        raise CaseError(_("Bitte bestätigen, dass der Vorgang übergeben wird."))
    connector = _connector(user, request.POST.get("anbindung", ""), Purpose.FACHVERFAHREN)
    services.handover(
        case=case, connector=connector, actor=user, expected_version=posted_version(request)
    )
    messages.success(request, _("Vorgang an „%(name)s“ übergeben.") % {"name": connector.name})
    return detail_redirect(case.pk, "verakten")


@require_POST
@case_view_at("verakten")
def export_retry(request: HttpRequest, case: Case, export_id: uuid.UUID) -> HttpResponse:
    export = Export.objects.filter(case=case, pk=export_id).select_related("connector").first()
    if export is None:
        raise Http404
    services.export_retry(export=export, actor=signed_in(request))
    messages.success(request, _("Export wird erneut übermittelt."))
    return detail_redirect(case.pk, "verakten")


# --- tenant admin -------------------------------------------------------------------------


class ConnectorForm(forms.ModelForm):
    export_on_close_services = forms.CharField(
        label=gettext_lazy("nur für diese Leistungsschlüssel (kommagetrennt, leer: alle)"),
        required=False,
    )
    api_services = forms.CharField(
        label=gettext_lazy("Pull-API: nur diese Leistungsschlüssel (kommagetrennt, leer: alle)"),
        required=False,
    )
    secret = forms.CharField(
        label=gettext_lazy("Passwort oder Token (leer lassen: unverändert)"),
        required=False,
        widget=forms.PasswordInput(render_value=False),
    )

    class Meta:
        model = Connector
        fields = [
            "name",
            "purpose",
            "kind",
            "target",
            "username",
            "secret",
            "export_format",
            "xdomea_version",
            "receiver_name",
            "export_on_close",
            "export_on_close_services",
            "receipt_folder",
            "api_services",
            "active",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("export_on_close_services", "api_services"):
            self.initial[name] = ", ".join(getattr(self.instance, name) or [])

    def _keys(self, name: str) -> list[str]:
        keys = [k.strip() for k in (self.cleaned_data.get(name) or "").split(",") if k.strip()]
        bad = [k for k in keys if not keys_lib.is_leika(k)]
        if bad:
            raise forms.ValidationError(
                _("Kein 14-stelliger Leistungsschlüssel: %(keys)s") % {"keys": ", ".join(bad)}
            )
        return keys

    def clean_export_on_close_services(self) -> list[str]:
        return self._keys("export_on_close_services")

    def clean_api_services(self) -> list[str]:
        return self._keys("api_services")

    def clean_secret(self) -> str:
        return self.cleaned_data.get("secret") or self.instance.secret

    def clean_target(self) -> str:
        target = (self.cleaned_data.get("target") or "").strip()
        kind = self.cleaned_data.get("kind")
        if kind:  # an unknown kind is the kind field's error
            try:
                check_target(kind, target, tenant=self.instance.tenant)
            except TargetRefused as exc:
                raise forms.ValidationError(str(exc)) from exc
        return target

    def clean_receipt_folder(self) -> str:
        folder = (self.cleaned_data.get("receipt_folder") or "").strip()
        if folder:
            try:
                confined(folder, tenant=self.instance.tenant)
            except FolderRefused as exc:
                raise forms.ValidationError(str(exc)) from exc
        return folder


@require_http_methods(["GET", "POST"])
@tenant_admin
def connector_list(request: HttpRequest, user: User) -> HttpResponse:
    return render(
        request,
        "records/connectors.html",
        {
            "connectors": selectors.tenant_connectors(user=user),
            "exports": selectors.recent_exports(user=user),
        },
    )


@require_http_methods(["GET", "POST"])
@tenant_admin
def connector_edit(request: HttpRequest, user: User, pk: int | None = None) -> HttpResponse:
    instance = Connector(tenant=user.tenant)
    if pk is not None:
        found = selectors.tenant_connectors(user=user).filter(pk=pk).first()
        if found is None:
            raise Http404
        instance = found
    form = ConnectorForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        messages.success(request, _("Anbindung gespeichert."))
        return redirect("records:connector-edit", pk=saved.pk)
    return render(request, "records/connector_edit.html", {"form": form, "connector": instance})


@require_POST
@tenant_admin
def connector_token(request: HttpRequest, user: User, pk: int) -> HttpResponse:
    connector = selectors.tenant_connectors(user=user).filter(pk=pk).first()
    if connector is None:
        raise Http404
    token = connector_token_issue(connector)
    return render(
        request,
        "records/connector_edit.html",
        {"form": ConnectorForm(instance=connector), "connector": connector, "token": token},
    )
