from django.urls import path

from openvorgang.textmodules import views

app_name = "textmodules"

urlpatterns = [
    path("vorgaenge/<uuid:case_id>/textbausteine/<int:module_id>/", views.fill, name="fill"),
    path("verwaltung/textbausteine/", views.module_list, name="list"),
    path("verwaltung/textbausteine/neu/", views.module_edit, name="new"),
    path("verwaltung/textbausteine/<int:pk>/", views.module_edit, name="edit"),
    path("verwaltung/textbausteine/<int:pk>/loeschen/", views.module_delete, name="delete"),
]
