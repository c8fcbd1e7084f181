from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "openvorgang.web"
    verbose_name = "Weboberfläche"
