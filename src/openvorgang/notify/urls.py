from django.urls import path

from openvorgang.notify import views

app_name = "notify"

urlpatterns = [
    path("", views.notices, name="notices"),
    path("einstellungen/", views.preferences, name="preferences"),
]
