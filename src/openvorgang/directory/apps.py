from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "openvorgang.directory"
    label = "directory"
    verbose_name = "Zuständigkeitsverzeichnis"

    def ready(self) -> None:
        from openvorgang.directory import signals

        signals.connect()
