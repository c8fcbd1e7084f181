from django.urls import path

from openvorgang.cases.api import views

urlpatterns = [
    path("cases", views.CaseListView.as_view(), name="case-list"),
    path("cases/<uuid:case_id>", views.CaseDetailView.as_view(), name="case-detail"),
    path(
        "cases/<uuid:case_id>/files/<uuid:file_id>", views.CaseFileView.as_view(), name="case-file"
    ),
    path(
        "cases/<uuid:case_id>/actions/<str:action>",
        views.CaseActionView.as_view(),
        name="case-action",
    ),
    path("cases/<uuid:case_id>/assignee", views.CaseAssignView.as_view(), name="case-assign"),
    path(
        "cases/<uuid:case_id>/file-number",
        views.CaseFileNumberView.as_view(),
        name="case-file-number",
    ),
    path("cases/<uuid:case_id>/undo", views.CaseUndoView.as_view(), name="case-undo"),
]
