from django.urls import path

from openvorgang.deadlines import views

app_name = "deadlines"

urlpatterns = [
    path("vorgaenge/<uuid:case_id>/frist/vollstaendig/", views.complete, name="complete"),
    path("vorgaenge/<uuid:case_id>/frist/hemmen/", views.pause, name="pause"),
    path("vorgaenge/<uuid:case_id>/frist/fortsetzen/", views.resume, name="resume"),
    path("vorgaenge/<uuid:case_id>/frist/verlaengern/", views.extend, name="extend"),
    path("verwaltung/fristen/", views.settings_view, name="settings"),
]
