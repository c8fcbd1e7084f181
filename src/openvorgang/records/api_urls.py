from django.urls import path

from openvorgang.records import api

urlpatterns = [
    path("fachverfahren/cases", api.PullCaseListView.as_view(), name="cases"),
    path("fachverfahren/cases/<uuid:case_id>", api.PullCaseView.as_view(), name="case"),
    path(
        "fachverfahren/cases/<uuid:case_id>/files/<uuid:file_id>",
        api.PullCaseFileView.as_view(),
        name="file",
    ),
    path("xdomea/receipts", api.ReceiptView.as_view(), name="receipts"),
]
