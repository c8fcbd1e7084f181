from django.apps import AppConfig


class TenantAdminConfig(AppConfig):
    name = "openvorgang.tenantadmin"
    label = "tenantadmin"
    verbose_name = "Mandanten einrichten und verwalten"
