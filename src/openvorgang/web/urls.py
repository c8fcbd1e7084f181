from django.urls import path

from openvorgang.web import views

app_name = "web"

urlpatterns = [
    path("", views.home, name="home"),
    path("verwaltung/", views.administration, name="administration"),
]
