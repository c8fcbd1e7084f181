from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "openvorgang.search"
    label = "search"
    verbose_name = "Volltextsuche"

    def ready(self) -> None:
        from openvorgang.search import signals  # noqa: F401 - registrations
