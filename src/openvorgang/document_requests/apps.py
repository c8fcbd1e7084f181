from django.apps import AppConfig


class DocumentRequestsConfig(AppConfig):
    name = "openvorgang.document_requests"
    label = "document_requests"
    verbose_name = "Nachforderungen"

    def ready(self) -> None:
        from openvorgang.document_requests import history, panels  # noqa: F401 - registrations
