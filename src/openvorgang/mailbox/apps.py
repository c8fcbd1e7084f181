from django.apps import AppConfig


class MailboxConfig(AppConfig):
    name = "openvorgang.mailbox"
    label = "mailbox"
    verbose_name = "Postfach: Nachrichten mit Antragstellenden"

    def ready(self) -> None:
        from openvorgang.mailbox import list_views  # noqa: F401 - registrations
        from openvorgang.mailbox.delivery import load_plugins

        load_plugins()
