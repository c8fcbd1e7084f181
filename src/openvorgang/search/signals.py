"""A deleted case leaves no search entry: PostgreSQL's search rows go with the case (foreign
key); SQLite's FTS5 table has none, so the entry is removed here."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.db.models.signals import post_delete
from django.dispatch import receiver

from openvorgang.cases.models import Case


@receiver(post_delete, sender=Case, dispatch_uid="search-forget-deleted-case")
def forget(sender: type[Case], instance: Case, **kwargs: Any) -> None:
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM search_fts WHERE case_id = %s", [instance.pk.hex])
