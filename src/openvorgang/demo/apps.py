from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "openvorgang.demo"
    verbose_name = "Demo-Daten"
