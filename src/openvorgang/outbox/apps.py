from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutboxConfig(AppConfig):
    name = "openvorgang.outbox"
    verbose_name = _("Ausgehende Zustellungen")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from openvorgang.jobs.worker import register_source
        from openvorgang.outbox.dispatch import deliver_next

        register_source(deliver_next)
