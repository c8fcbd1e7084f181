from django.urls import path

from openvorgang.tenantadmin import views

app_name = "tenantadmin"

urlpatterns = [
    path("mandanten/neu/", views.onboard, name="onboard"),
    path("mandanten/<int:pk>/aktiv/", views.tenant_toggle, name="tenant-toggle"),
    path("benutzer/", views.users, name="users"),
    path("benutzer/neu/", views.user_edit, name="user-new"),
    path("benutzer/<int:pk>/", views.user_edit, name="user-edit"),
    path("organisationseinheiten/", views.org_units, name="org-units"),
    path("absender/", views.senders, name="senders"),
    path("absender/<int:pk>/sperren/", views.sender_toggle, name="sender-toggle"),
]
