from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "openvorgang.casework"
    label = "casework"
    verbose_name = "Bearbeitung: Kommentare und Wiedervorlagen"
