from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "openvorgang.casework"
    label = "casework"
    verbose_name = "Bearbeitung: Kommentare und Wiedervorlagen"

    def ready(self) -> None:
        from openvorgang.casework import list_views  # noqa: F401 - registrations
