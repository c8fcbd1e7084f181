from django.apps import AppConfig


class RecordsConfig(AppConfig):
    name = "openvorgang.records"
    label = "records"
    verbose_name = "Veraktung und Übergabe (xdomea, DMS, Fachverfahren)"

    def ready(self) -> None:
        from openvorgang.outbox.registry import on_final_failure
        from openvorgang.records import history, jobs_handlers, signals  # noqa: F401 - registrations
        from openvorgang.records.registry import CONNECTORS, load_plugins, transport_name
        from openvorgang.records.services import export_given_up

        load_plugins()
        for kind in CONNECTORS:
            on_final_failure(transport_name(kind))(export_given_up)
