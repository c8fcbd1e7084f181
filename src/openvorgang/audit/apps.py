from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "openvorgang.audit"
    label = "audit"
    verbose_name = "Zugriffsprotokoll"

    def ready(self) -> None:
        from openvorgang.audit import jobs_handlers  # noqa: F401 - registrations
