from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "openvorgang.accounts"
    verbose_name = "Benutzer und Rollen"
