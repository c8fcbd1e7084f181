from django.apps import AppConfig


class TextModulesConfig(AppConfig):
    name = "openvorgang.textmodules"
    label = "textmodules"
    verbose_name = "Textbausteine"
