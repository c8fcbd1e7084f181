from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "openvorgang.web"
    label = "web"
    verbose_name = "Weboberfläche"

    def ready(self) -> None:
        from openvorgang.web import jobs_handlers  # noqa: F401 - registration
