from django.apps import AppConfig


class NotifyConfig(AppConfig):
    name = "openvorgang.notify"
    label = "notify"
    verbose_name = "Benachrichtigungen"

    def ready(self) -> None:
        from openvorgang.notify import jobs_handlers, transport  # noqa: F401 - registrations
