from django.apps import AppConfig


class AbsencesConfig(AppConfig):
    name = "openvorgang.absences"
    label = "absences"
    verbose_name = "Vertretung"

    def ready(self) -> None:
        from openvorgang.absences import list_views  # noqa: F401 - registrations
