"""Migration operations that keep the site writable while they run on PostgreSQL.

A plain CREATE INDEX on PostgreSQL blocks every write to the table until the index is
built: on a comments table with a million rows, seconds in which no comment can be posted
and no moderator can approve one, while the old servers still answer. These build the index
with CREATE INDEX CONCURRENTLY instead (a migration using them sets ``atomic = False``: that
statement cannot run inside a transaction). Other databases get the plain operation; SQLite
has one writer at a time anyway. No import of django.contrib.postgres, which needs psycopg
even on a site that runs SQLite.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations


class AddIndexOnline(migrations.AddIndex):
    """AddIndex, built CONCURRENTLY on PostgreSQL."""

    def database_forwards(self, app_label: str, schema_editor: Any, from_state: Any,
                          to_state: Any) -> None:
        if schema_editor.connection.vendor != "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)
            return
        model = to_state.apps.get_model(app_label, self.model_name)
        if self.allow_migrate_model(schema_editor.connection.alias, model):
            schema_editor.add_index(model, self.index, concurrently=True)

    def describe(self) -> str:
        return super().describe() + " (concurrently on PostgreSQL)"
