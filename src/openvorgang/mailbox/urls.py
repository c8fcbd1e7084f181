from django.urls import path

from openvorgang.mailbox import views

urlpatterns = [
    path("antragsraum/<str:secret>/", views.antragsraum, name="antragsraum"),
    path("vorgaenge/<uuid:case_id>/nachrichten/", views.message_send, name="message-send"),
]
