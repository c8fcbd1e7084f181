from django.urls import path

from openvorgang.web.cases import list_views, routing_views, views

app_name = "cases"

urlpatterns = [
    path("", list_views.case_list, name="list"),
    path("ansichten/", list_views.saved_view_create, name="saved-view-create"),
    path(
        "ansichten/<int:view_id>/loeschen/", list_views.saved_view_delete, name="saved-view-delete"
    ),
    path("sammelaktion/", views.case_bulk, name="bulk"),
    path("clearing/", routing_views.clearing_list, name="clearing"),
    path("clearing/<uuid:case_id>/", routing_views.clearing_detail, name="clearing-detail"),
    path("weitergeleitet/", routing_views.forwarded_list, name="forwarded"),
    path("<uuid:case_id>/weiterleiten/", routing_views.case_forward, name="forward"),
    path("<uuid:case_id>/", views.case_detail, name="detail"),
    path("<uuid:case_id>/drucken/", views.case_print, name="print"),
    path("<uuid:case_id>/verlauf/", views.case_timeline, name="timeline"),
    path("<uuid:case_id>/aktion/<str:action>/", views.case_action, name="action"),
    path("<uuid:case_id>/zuweisen/", views.case_assign, name="assign"),
    path("<uuid:case_id>/aktenzeichen/", views.case_file_number, name="file-number"),
    path("<uuid:case_id>/rueckgaengig/", views.case_undo, name="undo"),
    path("<uuid:case_id>/dateien/<uuid:file_id>/", views.case_file, name="file"),
]
