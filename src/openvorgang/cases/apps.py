from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "openvorgang.cases"
    verbose_name = "Vorgänge"

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from openvorgang.accounts.models import User
        from openvorgang.cases.renames import keep_assignee_names

        post_save.connect(keep_assignee_names, sender=User, dispatch_uid="case-assignee-name")
