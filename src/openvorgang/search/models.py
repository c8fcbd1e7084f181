"""The search document of a case: its searchable text, folded (lower case, ä → ae, ß → ss,
accents removed) so that "Schäfer" and "Schaefer" are the same word on both databases.
PostgreSQL keeps a German ``tsvector`` of it with a GIN index; SQLite an FTS5 table
(created by the migration, see ``backends.py``)."""

from __future__ import annotations

from django.contrib.postgres.search import SearchVectorField
from django.db import models

from openvorgang.cases.models import Case


class CaseSearch(models.Model):
    case = models.OneToOneField(
        Case, on_delete=models.CASCADE, primary_key=True, related_name="search_doc"
    )
    tenant_id = models.BigIntegerField(null=True, db_index=True)
    document = models.TextField()
    vector = SearchVectorField(null=True)  # PostgreSQL only
    indexed_version = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return str(self.case_id)
