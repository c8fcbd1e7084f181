from django.apps import AppConfig


class RetentionConfig(AppConfig):
    name = "openvorgang.retention"
    label = "retention"
    verbose_name = "Aufbewahrung und Löschung"

    def ready(self) -> None:
        from openvorgang.retention import jobs_handlers  # noqa: F401 - registrations
