from django.urls import path

from openvorgang.intake.channels.api import views

urlpatterns = [
    path("submissions", views.SubmissionView.as_view(), name="intake-submission"),
    path("uploads", views.UploadView.as_view(), name="intake-upload"),
]
