from django.apps import AppConfig


class MailboxConfig(AppConfig):
    name = "openvorgang.mailbox"
    label = "mailbox"
    verbose_name = "Postfach: Nachrichten mit Antragstellenden"
