from django.apps import AppConfig


class DeadlinesConfig(AppConfig):
    name = "openvorgang.deadlines"
    label = "deadlines"
    verbose_name = "Bearbeitungsfristen"

    def ready(self) -> None:
        from openvorgang.deadlines import history, jobs_handlers, list_views  # noqa: F401 - registrations
