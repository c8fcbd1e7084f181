from django.urls import path

from openvorgang.mailbox import settings_views, views

urlpatterns = [
    path("verwaltung/versand/", settings_views.dispatch_settings, name="dispatch-settings"),
    path("antragsraum/<str:secret>/", views.antragsraum, name="antragsraum"),
    path(
        "antragsraum/<str:secret>/dateien/<uuid:file_id>/",
        views.antragsraum_file,
        name="antragsraum-file",
    ),
    path("vorgaenge/<uuid:case_id>/nachrichten/", views.message_send, name="message-send"),
    path(
        "vorgaenge/<uuid:case_id>/nachrichten/gelesen/",
        views.messages_read,
        name="messages-read",
    ),
]
