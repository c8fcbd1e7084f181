"""An export package holds the case's files: it goes from storage when its export row goes
(with the case at final deletion)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver

from openvorgang.cases.services import remove_stored
from openvorgang.records.models import Export


@receiver(post_delete, sender=Export, dispatch_uid="records-remove-package")
def remove_package(sender: type[Export], instance: Export, **kwargs: Any) -> None:
    if instance.storage_name:
        name = instance.storage_name
        transaction.on_commit(lambda: remove_stored([name]))
