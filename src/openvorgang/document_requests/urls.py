from django.urls import path

from openvorgang.document_requests import views

app_name = "document_requests"

urlpatterns = [
    path("vorgaenge/<uuid:case_id>/nachforderung/", views.request_create, name="create"),
    path("verwaltung/nachforderungen/", views.requestable_list, name="requestable"),
    path(
        "antragsraum/<str:secret>/nachforderung/<int:request_id>/",
        views.antragsraum_answer,
        name="answer",
    ),
]
