from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "openvorgang.intake"
    verbose_name = "Eingang"
