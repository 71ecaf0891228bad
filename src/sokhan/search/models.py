"""The search index's rows: one per statement that is not a draft.

The statement's own text is never rewritten; these columns hold the terms of
:func:`sokhan.search.normaliser.index_key`. The database's full-text index is built over
them: on SQLite an FTS5 table kept in step by triggers, on PostgreSQL generated tsvector
columns with GIN indexes (both created in migration 0001).
"""

from __future__ import annotations

from django.db import models

from sokhan.publishing.models import Statement


class Entry(models.Model):
    statement = models.OneToOneField(Statement, on_delete=models.CASCADE, primary_key=True,
                                     related_name="search_entry")
    # Publication second and statement id in one number: see sokhan.search.facets.
    key = models.BigIntegerField(unique=True)
    title = models.TextField(blank=True)
    names = models.TextField(blank=True)  # the signatory's and topics' names, both languages
    summary = models.TextField(blank=True)
    body = models.TextField(blank=True)
    facets = models.TextField(blank=True)  # language, signatory and topics, for filters

    class Meta:
        db_table = "search_entry"
        verbose_name = "search index entry"
        verbose_name_plural = "search index entries"

    def __str__(self) -> str:
        return f"search entry of statement {self.statement_id}"


class Keys(models.Model):
    """Which version of the normaliser's keys the index was written with (one row): see
    ``normaliser.KEYS_VERSION`` and ``index.rebuild_for_new_keys``."""

    version = models.PositiveIntegerField()

    class Meta:
        db_table = "search_keys"
        verbose_name = "search index keys"
        verbose_name_plural = "search index keys"

    def __str__(self) -> str:
        return f"search keys, version {self.version}"
