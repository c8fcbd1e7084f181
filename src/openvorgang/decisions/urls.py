from django.urls import path

from openvorgang.decisions import views

app_name = "decisions"

urlpatterns = [
    path("vorgaenge/<uuid:case_id>/bescheid/vorschau/", views.decision_preview, name="preview"),
    path("vorgaenge/<uuid:case_id>/bescheid/", views.decision_issue, name="issue"),
    path("vorgaenge/<uuid:case_id>/bescheid/hochladen/", views.decision_upload, name="upload"),
    path("vorgaenge/<uuid:case_id>/bescheid/extern/", views.decision_external, name="external"),
    path("verwaltung/bescheidvorlagen/", views.template_list, name="templates"),
    path("verwaltung/bescheidvorlagen/neu/", views.template_edit, name="template-new"),
    path("verwaltung/bescheidvorlagen/<int:pk>/", views.template_edit, name="template-edit"),
    path("verwaltung/bescheidvorlagen/vorschau/", views.template_preview, name="template-preview"),
]
