from django.urls import path

from openvorgang.directory import views

app_name = "directory"

urlpatterns = [
    path("", views.rules, name="rules"),
    path("regeln/<int:rule_id>/aktiv/", views.rule_active, name="rule-active"),
    path("vorschlaege/<int:suggestion_id>/", views.suggestion_decide, name="suggestion"),
    path("import/", views.import_file, name="import"),
    path("fristen/", views.deadline_rule_list, name="deadline-rules"),
    path("fristen/<str:leika_key>/", views.deadline_rule_history, name="deadline-history"),
    path("export/", views.export, name="export"),
]
