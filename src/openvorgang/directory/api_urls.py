from django.urls import path

from openvorgang.directory.api import RoutingView

urlpatterns = [path("routing", RoutingView.as_view(), name="routing")]
