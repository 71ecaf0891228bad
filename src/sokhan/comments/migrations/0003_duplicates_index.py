# The index for the duplicate check on every comment post (antispam/guards.py), which
# replaces the index on fingerprint alone. Both steps keep the site writable on
# PostgreSQL (CONCURRENTLY), and neither copies the comments table on SQLite (changing the
# field with AlterField would: SQLite rebuilds a table for any change to a field).

from django.db import migrations, models

from sokhan.website.online import AddIndexOnline

OLD_INDEX = "comments_comment_fingerprint_8bb810a1"  # made by 0002 for db_index=True


def drop_old_index(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, "comments_comment")
    concurrently = "CONCURRENTLY " if connection.vendor == "postgresql" else ""
    for name, index in found.items():  # on PostgreSQL also its varchar_pattern_ops twin
        if index["index"] and not index["unique"] and index["columns"] == ["fingerprint"]:
            schema_editor.execute(f"DROP INDEX {concurrently}{schema_editor.quote_name(name)}")


def restore_old_index(apps, schema_editor):
    schema_editor.execute(f"CREATE INDEX {schema_editor.quote_name(OLD_INDEX)} "
                          "ON comments_comment (fingerprint)")


class Migration(migrations.Migration):
    atomic = False  # CREATE and DROP INDEX CONCURRENTLY cannot run inside a transaction

    dependencies = [
        ("comments", "0002_comment_fingerprint"),
        ("publishing", "0002_statement_language_newest"),
    ]

    operations = [
        AddIndexOnline(
            model_name="comment",
            index=models.Index(fields=["fingerprint", "statement", "created_at"],
                               name="comment_duplicates"),
        ),
        # Only once the new index exists: the check is never left without one.
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.AlterField(
                model_name="comment", name="fingerprint",
                field=models.CharField(blank=True, editable=False, max_length=64))],
            database_operations=[migrations.RunPython(drop_old_index, restore_old_index)],
        ),
    ]
