from django.urls import path

from openvorgang.stats import views

app_name = "stats"

urlpatterns = [path("", views.statistics_page, name="page")]
