from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "openvorgang.ops"
    label = "ops"
    verbose_name = "Betrieb: Gesundheit, Metriken, Protokolle"
