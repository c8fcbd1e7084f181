from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    name = "openvorgang.webhooks"
    label = "webhooks"
    verbose_name = "Webhooks für Fachverfahren"

    def ready(self) -> None:
        from openvorgang.webhooks import jobs_handlers, transport  # noqa: F401 - registrations
