from django.urls import path

from openvorgang.absences import views

app_name = "absences"

urlpatterns = [
    path("konto/abwesenheit/", views.own, name="own"),
    path("verwaltung/abwesenheiten/", views.tenant, name="tenant"),
]
