from django.urls import path

from openvorgang.records import views

app_name = "records"

urlpatterns = [
    path("vorgaenge/<uuid:case_id>/veraktung/", views.case_export, name="export"),
    path("vorgaenge/<uuid:case_id>/uebergabe/", views.case_handover, name="handover"),
    path(
        "vorgaenge/<uuid:case_id>/exporte/<uuid:export_id>/wiederholen/",
        views.export_retry,
        name="retry",
    ),
    path("verwaltung/anbindungen/", views.connector_list, name="connectors"),
    path("verwaltung/anbindungen/neu/", views.connector_edit, name="connector-new"),
    path("verwaltung/anbindungen/<int:pk>/", views.connector_edit, name="connector-edit"),
    path("verwaltung/anbindungen/<int:pk>/token/", views.connector_token, name="connector-token"),
]
