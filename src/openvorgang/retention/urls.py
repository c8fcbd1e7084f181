from django.urls import path

from openvorgang.retention import views

app_name = "retention"

urlpatterns = [
    path("verwaltung/aufbewahrung/", views.settings_view, name="settings"),
    path("vorgaenge/loeschfreigabe/", views.confirm_view, name="confirm"),
]
