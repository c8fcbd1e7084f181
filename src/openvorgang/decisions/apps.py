from django.apps import AppConfig


class DecisionsConfig(AppConfig):
    name = "openvorgang.decisions"
    label = "decisions"
    verbose_name = "Bescheide"
