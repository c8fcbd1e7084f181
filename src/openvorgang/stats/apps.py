from django.apps import AppConfig


class StatsConfig(AppConfig):
    name = "openvorgang.stats"
    label = "stats"
    verbose_name = "Statistik"

    def ready(self) -> None:
        from openvorgang.stats import jobs_handlers  # noqa: F401 - registrations
