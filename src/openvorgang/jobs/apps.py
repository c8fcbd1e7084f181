from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "openvorgang.jobs"
    verbose_name = _("Hintergrundaufträge")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Every app's job handlers register themselves on import.
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("jobs_handlers")
