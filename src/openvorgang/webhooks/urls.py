from django.urls import path

from openvorgang.webhooks import views

app_name = "webhooks"

urlpatterns = [
    path("", views.subscription_list, name="list"),
    path("neu/", views.subscription_edit, name="new"),
    path("<int:pk>/", views.subscription_edit, name="edit"),
]
