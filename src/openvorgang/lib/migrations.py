"""Migration helpers for large tables."""

from __future__ import annotations

from typing import Any

from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations


class AddIndexOnline(AddIndexConcurrently):
    """CREATE INDEX CONCURRENTLY on PostgreSQL (writes go on while a big table is indexed;
    the migration must be ``atomic = False``); a plain index elsewhere (SQLite)."""

    def database_forwards(self, app_label: str, schema_editor: Any, *args: Any) -> None:
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, *args)
        else:
            migrations.AddIndex.database_forwards(self, app_label, schema_editor, *args)

    def database_backwards(self, app_label: str, schema_editor: Any, *args: Any) -> None:
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, *args)
        else:
            migrations.AddIndex.database_backwards(self, app_label, schema_editor, *args)


# The commit-order column of the append-only tables that cursor feeds read (see
# openvorgang.lib.commitorder): on PostgreSQL a trigger stamps every new row with the id of
# the transaction that wrote it; SQLite has one writer at a time and keeps the default 0.
_STAMP_FUNCTION = """
CREATE OR REPLACE FUNCTION openvorgang_stamp_txid() RETURNS trigger AS $$
BEGIN
    NEW.txid := pg_current_xact_id()::text::bigint;
    RETURN NEW;
END
$$ LANGUAGE plpgsql
"""


class StampTransactionId(migrations.RunSQL):
    """Create the BEFORE INSERT trigger that fills ``txid`` on ``table`` (PostgreSQL only)."""

    def __init__(self, table: str) -> None:
        trigger = f"{table}_stamp_txid"
        super().__init__(
            sql=[
                _STAMP_FUNCTION,
                f"DROP TRIGGER IF EXISTS {trigger} ON {table}",
                f"CREATE TRIGGER {trigger} BEFORE INSERT ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION openvorgang_stamp_txid()",
            ],
            reverse_sql=[f"DROP TRIGGER IF EXISTS {trigger} ON {table}"],
        )

    def database_forwards(self, app_label: str, schema_editor: Any, *args: Any) -> None:
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, *args)

    def database_backwards(self, app_label: str, schema_editor: Any, *args: Any) -> None:
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, *args)
