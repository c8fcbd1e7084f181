from django.apps import AppConfig


class TenantsConfig(AppConfig):
    name = "openvorgang.tenants"
    verbose_name = "Mandanten"
