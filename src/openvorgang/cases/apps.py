from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "openvorgang.cases"
    verbose_name = "Vorgänge"
