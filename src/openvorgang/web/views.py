"""Start page and the small administration overviews of issue 2 (the full administration
screens come with the operations issue)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from openvorgang.accounts.models import Role, User
from openvorgang.cases.policy import CASE_ROLES
from openvorgang.tenants.models import Tenant


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    if any(user.has_role(role) for role in CASE_ROLES):
        return redirect("cases:list")
    if user.has_role(Role.MANDANTEN_ADMIN) or user.has_role(Role.LAND_BETRIEB):
        return redirect("web:administration")
    return render(request, "web/no_role.html")


@login_required
def administration(request: HttpRequest) -> HttpResponse:
    """Tenant admins see their tenant's org units and users; Land operators see all tenants.
    Neither sees any case content."""
    user = request.user
    assert isinstance(user, User)
    context: dict[str, object] = {}
    if user.has_role(Role.LAND_BETRIEB):
        context["tenants"] = Tenant.objects.annotate(org_unit_count=Count("org_units")).order_by(
            "name"
        )
    if user.has_role(Role.MANDANTEN_ADMIN) and user.tenant is not None:
        context["tenant"] = user.tenant
        context["org_units"] = user.tenant.org_units.order_by("name")
        context["users"] = (
            User.objects.filter(tenant=user.tenant)
            .prefetch_related("org_units")
            .order_by("username")
        )
    if not context:
        raise Http404
    return render(request, "web/administration.html", context)


def admin_login(request: HttpRequest) -> HttpResponse:
    """The admin site signs in through the same page as everyone (throttling, second factor,
    single sign-on). A signed-in user who is not staff has no admin to reach: 404, not a
    redirect back to the sign-in page (which would send them to the admin again)."""
    if request.user.is_authenticated:
        raise Http404
    query = request.META.get("QUERY_STRING", "")
    return redirect(reverse("login") + (f"?{query}" if query else ""))
