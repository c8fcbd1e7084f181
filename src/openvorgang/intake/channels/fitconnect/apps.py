from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FitConnectConfig(AppConfig):
    name = "openvorgang.intake.channels.fitconnect"
    label = "fitconnect"
    verbose_name = _("FIT-Connect")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from openvorgang.intake.channels.fitconnect import (  # noqa: F401 - registrations
            jobs_handlers,
            transport,
        )
