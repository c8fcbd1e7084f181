"""Land operators onboard tenants; tenant admins manage their own tenant's users and roles,
org units and senders (online services) — never another tenant's, never the Land role."""

from __future__ import annotations

import ipaddress
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from openvorgang.accounts.access import signed_in, tenant_admin
from openvorgang.accounts.models import Role, User
from openvorgang.accounts.services import user_set_active, user_upsert
from openvorgang.intake.models import Sender
from openvorgang.intake.senders import SenderRefused, sender_register, sender_set_active
from openvorgang.tenantadmin.services import invitation_link, tenant_onboard
from openvorgang.tenants.models import OrgUnit, Tenant, TenantKind
from openvorgang.tenants.services import orgunit_upsert, tenant_set_active

View = Callable[..., HttpResponse]
TENANT_ROLES = [r for r in Role if r != Role.LAND_BETRIEB]


# --- onboarding (Land operators) -----------------------------------------------------------


class OnboardForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=200)
    kind = forms.ChoiceField(label=gettext_lazy("Art"), choices=TenantKind.choices)
    ars = forms.CharField(label=gettext_lazy("Regionalschlüssel (ARS, 12 Ziffern)"), max_length=12)
    admin_email = forms.EmailField(label=gettext_lazy("E-Mail der Admin-Person"))
    case_prefix = forms.CharField(
        label=gettext_lazy("Präfix der Vorgangsnummern (optional)"), max_length=6, required=False
    )


@require_http_methods(["GET", "POST"])
@login_required
def onboard(request: HttpRequest) -> HttpResponse:
    user = signed_in(request)
    if not user.has_role(Role.LAND_BETRIEB):
        raise Http404
    form = OnboardForm(request.POST or None)
    result = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            result = tenant_onboard(
                name=data["name"],
                kind=data["kind"],
                ars=data["ars"],
                admin_email=data["admin_email"],
                prefix=data["case_prefix"] or None,
            )
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
    return render(request, "tenantadmin/onboard.html", {"form": form, "result": result})


# --- users ---------------------------------------------------------------------------------


class UserForm(forms.Form):
    username = forms.RegexField(
        label=gettext_lazy("Benutzername"), regex=r"^[\w.@+-]{2,150}$", max_length=150
    )
    first_name = forms.CharField(label=gettext_lazy("Vorname"), max_length=150, required=False)
    last_name = forms.CharField(label=gettext_lazy("Nachname"), max_length=150, required=False)
    email = forms.EmailField(label=gettext_lazy("E-Mail"), required=False)
    roles = forms.MultipleChoiceField(
        label=gettext_lazy("Rollen"),
        choices=[(r.value, r.label) for r in TENANT_ROLES],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    org_units = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Organisationseinheiten"),
        queryset=OrgUnit.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    is_active = forms.BooleanField(label=gettext_lazy("aktiv"), required=False, initial=True)

    def __init__(self, *args: Any, tenant_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["org_units"].queryset = OrgUnit.objects.filter(tenant_id=tenant_id)  # type: ignore[attr-defined]


@require_http_methods(["GET"])
@tenant_admin
def users(request: HttpRequest, admin: User) -> HttpResponse:
    people = User.objects.filter(tenant=admin.tenant).prefetch_related("org_units")
    return render(request, "tenantadmin/users.html", {"people": people.order_by("username")})


@require_http_methods(["GET", "POST"])
@tenant_admin
def user_edit(request: HttpRequest, admin: User, pk: int | None = None) -> HttpResponse:
    person = None
    if pk is not None:
        person = User.objects.filter(tenant=admin.tenant, pk=pk).first()
        if person is None:
            raise Http404
    initial = (
        {
            "username": person.username,
            "first_name": person.first_name,
            "last_name": person.last_name,
            "email": person.email,
            "roles": person.roles,
            "org_units": list(person.org_units.all()),
            "is_active": person.is_active,
        }
        if person
        else {"is_active": True}
    )
    assert admin.tenant_id is not None
    form = UserForm(request.POST or None, initial=initial, tenant_id=admin.tenant_id)
    invitation = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        clash = User.objects.filter(username=data["username"]).exclude(
            pk=person.pk if person else 0
        )
        if clash.exists():
            form.add_error("username", _("Diesen Benutzernamen gibt es schon."))
        elif (
            person is not None
            and person.pk == admin.pk
            and (Role.MANDANTEN_ADMIN not in data["roles"] or not data["is_active"])
        ):
            form.add_error(None, _("Sie können sich die Admin-Rolle nicht selbst entziehen."))
        else:
            try:
                saved, result = user_upsert(
                    tenant=admin.tenant,  # type: ignore[arg-type]
                    username=data["username"],
                    roles=data["roles"],
                    org_units=list(data["org_units"]),
                    first_name=data["first_name"],
                    last_name=data["last_name"],
                    email=data["email"],
                )
            except ValidationError as exc:  # the account rules (e.g. caseworkers need a unit)
                for message in exc.messages:
                    form.add_error(None, message)
            else:
                user_set_active(user=saved, active=data["is_active"])
                messages.success(request, _("Benutzer gespeichert."))
                if not result.created:
                    return redirect("tenantadmin:user-edit", pk=saved.pk)
                invitation = invitation_link(saved)
    return render(
        request,
        "tenantadmin/user_edit.html",
        {"form": form, "person": person, "invitation": invitation},
    )


# --- org units -----------------------------------------------------------------------------


class OrgUnitForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=200)
    oe_id = forms.RegexField(
        label=gettext_lazy("OrganisationsEinheitID"), regex=r"^[A-Za-z0-9._:-]{1,64}$"
    )
    email = forms.EmailField(label=gettext_lazy("Funktionspostfach"), required=False)
    active = forms.BooleanField(label=gettext_lazy("aktiv"), required=False, initial=True)
    is_default = forms.BooleanField(
        label=gettext_lazy("Standard-Organisationseinheit"), required=False
    )


@require_http_methods(["GET", "POST"])
@tenant_admin
def org_units(request: HttpRequest, admin: User) -> HttpResponse:
    form = OrgUnitForm(request.POST or None, initial={"active": True})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        other = OrgUnit.objects.filter(oe_id=data["oe_id"]).exclude(tenant=admin.tenant)
        if other.exists():
            form.add_error("oe_id", _("Diese Kennung gehört einem anderen Mandanten."))
        else:
            try:
                assert admin.tenant is not None
                orgunit_upsert(
                    tenant=admin.tenant,
                    name=data["name"],
                    oe_id=data["oe_id"],
                    email=data["email"],
                    active=data["active"],
                    is_default=data["is_default"] or None,
                )
            except ValidationError as exc:
                form.add_error(None, "; ".join(exc.messages))
            else:
                messages.success(request, _("Organisationseinheit gespeichert."))
                return redirect("tenantadmin:org-units")
    units = OrgUnit.objects.filter(tenant=admin.tenant).order_by("name")
    return render(request, "tenantadmin/org_units.html", {"form": form, "units": units})


# --- senders -------------------------------------------------------------------------------


class SenderForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name des Online-Dienstes"), max_length=200)
    networks = forms.CharField(
        label=gettext_lazy("Erlaubte Netze (CIDR, kommagetrennt, optional)"), required=False
    )

    def clean_networks(self) -> list[str]:
        raw = [n.strip() for n in (self.cleaned_data.get("networks") or "").split(",") if n.strip()]
        try:
            return [str(ipaddress.ip_network(n, strict=False)) for n in raw]
        except ValueError as exc:
            raise forms.ValidationError(_("Kein gültiges Netz: %(e)s") % {"e": exc}) from exc


@require_http_methods(["GET", "POST"])
@tenant_admin
def senders(request: HttpRequest, admin: User) -> HttpResponse:
    form = SenderForm(request.POST or None)
    token = None
    if request.method == "POST" and form.is_valid():
        try:
            __, token = sender_register(
                tenant=admin.tenant,  # type: ignore[arg-type]
                name=form.cleaned_data["name"],
                networks=form.cleaned_data["networks"],
            )
        except SenderRefused as exc:
            form.add_error("name", exc.message)
        else:
            messages.success(request, _("Absender angelegt."))
            form = SenderForm()
    listed = Sender.objects.filter(tenant=admin.tenant).order_by("name")
    return render(
        request, "tenantadmin/senders.html", {"form": form, "senders": listed, "token": token}
    )


@require_POST
@tenant_admin
def sender_toggle(request: HttpRequest, admin: User, pk: int) -> HttpResponse:
    sender = Sender.objects.filter(tenant=admin.tenant, pk=pk).first()
    if sender is None:
        raise Http404
    sender_set_active(sender=sender, active=not sender.active)
    messages.success(request, _("Absender aktualisiert."))
    return redirect("tenantadmin:senders")


@require_POST
@login_required
def tenant_toggle(request: HttpRequest, pk: int) -> HttpResponse:
    """Land operators switch a tenant off (its submissions go to the clearing inbox, its data
    stays) and on again."""

    if not signed_in(request).has_role(Role.LAND_BETRIEB):
        raise Http404
    tenant = Tenant.objects.filter(pk=pk).first()
    if tenant is None:
        raise Http404
    tenant_set_active(tenant=tenant, active=not tenant.active)
    messages.success(
        request,
        (
            _("Mandant %(name)s ist wieder aktiv.")
            if tenant.active
            else _("Mandant %(name)s ist abgeschaltet; neue Anträge gehen in die Clearingstelle.")
        )
        % {"name": tenant.name},
    )
    return redirect("web:administration")
