"""An index added to a table that grows (comments) is built without blocking writes on
PostgreSQL and without copying the table on SQLite."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db import connection

pytestmark = pytest.mark.django_db(transaction=True)


def indexes() -> dict[str, list[str]]:
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, "comments_comment")
    return {name: c["columns"] for name, c in found.items() if c["index"] and not c["unique"]}


def test_the_duplicates_index_replaces_the_fingerprint_index_in_place(make_statement):
    from sokhan.comments import posting

    kept = posting.save(make_statement(), {"comment": "Kept through the migration"}, None,
                        "hash", 1)
    call_command("migrate", "comments", "0002", verbosity=0)
    assert ["fingerprint"] in indexes().values()
    call_command("migrate", "comments", "0003", verbosity=0)
    now = indexes()
    assert now["comment_duplicates"] == ["fingerprint", "statement_id", "created_at"]
    assert ["fingerprint"] not in now.values()
    from sokhan.comments.models import Comment

    # Only a column the table of 0003 has (today's model has more).
    assert Comment.objects.values_list("body", flat=True).get(
        pk=kept.pk) == "Kept through the migration"
    call_command("migrate", verbosity=0)


def test_on_postgresql_the_index_is_built_concurrently():
    out = io.StringIO()
    call_command("sqlmigrate", "comments", "0003", stdout=out)
    sql = out.getvalue()
    assert 'INDEX' in sql and '"comment_duplicates"' in sql
    assert ("CREATE INDEX CONCURRENTLY" in sql) == (connection.vendor == "postgresql")
    # SQLite rebuilds a table to change a field; this migration must not.
    assert "new__comments_comment" not in sql
