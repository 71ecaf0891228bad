"""The search index: a row of normalised keys per statement, and the database's own
full-text index over them — an FTS5 table with triggers on SQLite, generated tsvector
columns with GIN indexes on PostgreSQL. The SQL is written out here (not imported) so
this migration keeps meaning what it meant; a test checks that the backends agree with it.

If a later migration alters ``search_entry`` on SQLite, Django rebuilds the table and the
triggers are lost: such a migration must create them again (see backends/sqlite.py) and
end with ``INSERT INTO search_fts(search_fts) VALUES ('rebuild')``.
"""

import django.db.models.deletion
from django.db import migrations, models

SQLITE = [
    ("CREATE VIRTUAL TABLE search_fts USING fts5(title, names, summary, body, facets, "
     "content='search_entry', content_rowid='key', tokenize='ascii', detail='column', "
     "columnsize=0)"),
    ("CREATE TRIGGER search_entry_insert AFTER INSERT ON search_entry BEGIN "
     "INSERT INTO search_fts(rowid, title, names, summary, body, facets) "
     "VALUES (new.key, new.title, new.names, new.summary, new.body, new.facets); END"),
    ("CREATE TRIGGER search_entry_delete AFTER DELETE ON search_entry BEGIN "
     "INSERT INTO search_fts(search_fts, rowid, title, names, summary, body, facets) "
     "VALUES ('delete', old.key, old.title, old.names, old.summary, old.body, old.facets); "
     "END"),
    ("CREATE TRIGGER search_entry_update AFTER UPDATE ON search_entry BEGIN "
     "INSERT INTO search_fts(search_fts, rowid, title, names, summary, body, facets) "
     "VALUES ('delete', old.key, old.title, old.names, old.summary, old.body, old.facets); "
     "INSERT INTO search_fts(rowid, title, names, summary, body, facets) "
     "VALUES (new.key, new.title, new.names, new.summary, new.body, new.facets); END"),
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS search_entry_update",
    "DROP TRIGGER IF EXISTS search_entry_delete",
    "DROP TRIGGER IF EXISTS search_entry_insert",
    "DROP TABLE IF EXISTS search_fts",
]
POSTGRESQL = [
    ("ALTER TABLE search_entry ADD COLUMN document tsvector GENERATED ALWAYS AS ("
     "setweight(to_tsvector('simple'::regconfig, title), 'A') || "
     "setweight(to_tsvector('simple'::regconfig, names), 'B') || "
     "setweight(to_tsvector('simple'::regconfig, summary), 'C') || "
     "setweight(to_tsvector('simple'::regconfig, body), 'D')) STORED"),
    ("ALTER TABLE search_entry ADD COLUMN facet_vector tsvector GENERATED ALWAYS AS "
     "(to_tsvector('simple'::regconfig, facets)) STORED"),
    "CREATE INDEX search_entry_document ON search_entry USING GIN (document)",
    "CREATE INDEX search_entry_facets ON search_entry USING GIN (facet_vector)",
]
POSTGRESQL_REVERSE = [
    "DROP INDEX IF EXISTS search_entry_facets",
    "DROP INDEX IF EXISTS search_entry_document",
    "ALTER TABLE search_entry DROP COLUMN IF EXISTS facet_vector",
    "ALTER TABLE search_entry DROP COLUMN IF EXISTS document",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, ()):
            schema_editor.execute(sql)
    return run


def index_existing(apps, schema_editor):
    """Statements that exist before search: index them now, so an upgraded site can be
    searched at once (``sokhan reindex`` does the same, with the current code)."""
    from sokhan.publishing.body import plain_text
    from sokhan.search import facets
    from sokhan.search.normaliser import index_key

    Statement = apps.get_model("publishing", "Statement")
    Entry = apps.get_model("search", "Entry")
    entries = []
    for statement in (Statement.objects.exclude(status="draft")
                      .select_related("signatory").prefetch_related("topics")):
        topics = list(statement.topics.all())
        labels = [statement.signatory, *topics]
        entries.append(Entry(
            statement_id=statement.pk, key=facets.key(statement.published_at, statement.pk),
            title=index_key(statement.title),
            names=index_key(" ".join(f"{label.name_en} {label.name_fa}" for label in labels)),
            summary=index_key(statement.summary), body=index_key(plain_text(statement.body)),
            facets=" ".join([facets.language(statement.language),
                             facets.signatory(statement.signatory_id),
                             *(facets.topic(topic.pk) for topic in topics)])))
    Entry.objects.bulk_create(entries, batch_size=500)


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("publishing", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="Entry",
            fields=[
                ("statement", models.OneToOneField(
                    on_delete=django.db.models.deletion.CASCADE, primary_key=True,
                    related_name="search_entry", serialize=False, to="publishing.statement")),
                ("key", models.BigIntegerField(unique=True)),
                ("title", models.TextField(blank=True)),
                ("names", models.TextField(blank=True)),
                ("summary", models.TextField(blank=True)),
                ("body", models.TextField(blank=True)),
                ("facets", models.TextField(blank=True)),
            ],
            options={
                "verbose_name": "search index entry",
                "verbose_name_plural": "search index entries",
                "db_table": "search_entry",
            },
        ),
        migrations.RunPython(_run({"sqlite": SQLITE, "postgresql": POSTGRESQL}),
                             _run({"sqlite": SQLITE_REVERSE,
                                   "postgresql": POSTGRESQL_REVERSE})),
        migrations.RunPython(index_existing, migrations.RunPython.noop),
    ]
