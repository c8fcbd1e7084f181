"""Root URLs: the caseworker UI (German paths), the REST API under /api/v1/, its OpenAPI
document at /api/schema/."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from openvorgang.accounts.login import ThrottledAuthenticationForm
from openvorgang.accounts.mfa import MfaLoginView, enrol, login_code
from openvorgang.accounts.oidc import views as sso
from openvorgang.api import openapi  # noqa: F401 - registers the authentication schemes
from openvorgang.intake.channels.fitconnect.views import callback as fitconnect_callback
from openvorgang.intake.channels.ozgcloud.views import receive_antrag
from openvorgang.intake.routing_api import RoutingView
from openvorgang.search.views import search_page
from openvorgang.web import views as web_views

urlpatterns = [
    path(
        "anmelden/",
        MfaLoginView.as_view(
            redirect_authenticated_user=True, authentication_form=ThrottledAuthenticationForm
        ),
        name="login",
    ),
    path("anmelden/code/", login_code, name="login-code"),
    path("konto/zwei-faktor/", enrol, name="mfa-enrol"),
    path("anmelden/sso/", sso.start, name="sso-start"),
    path("anmelden/sso/rueckkehr/", sso.callback, name="sso-callback"),
    path("abmelden/", sso.logout_view, name="logout"),
    path(
        "einladung/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="registration/invitation.html", success_url="/anmelden/"
        ),
        name="invitation",
    ),
    path("antrag", receive_antrag, name="intake-ozgcloud"),
    path(
        "fitconnect/callback/<uuid:destination_id>",
        fitconnect_callback,
        name="intake-fitconnect-callback",
    ),
    # The admin signs in through the same page (throttling, second factor, single sign-on).
    path("admin/login/", web_views.admin_login),
    path("admin/", admin.site.urls),
    path("", include("openvorgang.ops.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/v1/", include(("openvorgang.cases.api.urls", "api"))),
    path("api/v1/", include("openvorgang.intake.channels.api.urls")),
    path("api/v1/routing", RoutingView.as_view(), name="routing"),
    path("api/v1/", include(("openvorgang.records.api_urls", "records-api"))),
    path("vorgaenge/", include("openvorgang.web.cases.urls")),
    path("vorgaenge/", include("openvorgang.casework.urls")),
    path("suche/", search_page, name="search"),
    path("statistik/", include("openvorgang.stats.urls")),
    path("benachrichtigungen/", include("openvorgang.notify.urls")),
    path("", include("openvorgang.mailbox.urls")),
    path("", include("openvorgang.decisions.urls")),
    path("", include("openvorgang.deadlines.urls")),
    path("", include("openvorgang.document_requests.urls")),
    path("", include("openvorgang.textmodules.urls")),
    path("", include("openvorgang.absences.urls")),
    path("", include("openvorgang.records.urls")),
    path("", include("openvorgang.retention.urls")),
    path("verwaltung/webhooks/", include("openvorgang.webhooks.urls")),
    path("verwaltung/protokoll/", include("openvorgang.audit.urls")),
    path("verwaltung/", include("openvorgang.tenantadmin.urls")),
    path("verwaltung/zustaendigkeiten/", include("openvorgang.directory.urls")),
    path("", include("openvorgang.web.urls")),
]


handler400 = "openvorgang.web.errors.bad_request"
handler404 = "openvorgang.web.errors.not_found"
handler500 = "openvorgang.web.errors.server_error"
