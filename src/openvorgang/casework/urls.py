from django.urls import path

from openvorgang.casework import views

app_name = "casework"

urlpatterns = [
    path("<uuid:case_id>/kommentare/", views.comment_add, name="comment-add"),
    path("<uuid:case_id>/kommentare/<int:comment_id>/", views.comment_edit, name="comment-edit"),
    path("<uuid:case_id>/wiedervorlagen/", views.follow_up_add, name="follow-up-add"),
    path(
        "<uuid:case_id>/wiedervorlagen/<int:follow_up_id>/",
        views.follow_up_done,
        name="follow-up-done",
    ),
]
