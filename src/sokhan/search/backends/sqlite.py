"""SQLite FTS5: an external-content FTS5 table over ``search_entry`` whose rowid is the
entry's key, kept in step by triggers (both created by migration 0001).

The ``ascii`` tokenizer is deliberate: the index columns hold terms that the normaliser
has already folded and split (letters and digits only), and ``ascii`` treats every
non-ASCII character as part of a word, so it never splits a term differently from
PostgreSQL — unlike ``unicode61``, whose notion of a letter is frozen at Unicode 6.1.
``detail=column`` keeps which column a term is in (for the tiers) but not its positions,
which nothing here uses.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import transaction

from sokhan.search.backends import TIERS, Backend, Filters
from sokhan.search.normaliser import Query

TABLE = "search_fts"
COLUMNS = ("title", "names", "summary", "body", "facets")
WORDS = "{title names summary body}"  # every column but the facets
CREATE_TABLE = (
    f"CREATE VIRTUAL TABLE {TABLE} USING fts5({', '.join(COLUMNS)}, content='search_entry', "
    "content_rowid='key', tokenize='ascii', detail='column', columnsize=0)")
_OLD = ", ".join(f"old.{column}" for column in COLUMNS)
_NEW = ", ".join(f"new.{column}" for column in COLUMNS)
_DELETE = (f"INSERT INTO {TABLE}({TABLE}, rowid, {', '.join(COLUMNS)}) "
           f"VALUES ('delete', old.key, {_OLD});")
_INSERT = f"INSERT INTO {TABLE}(rowid, {', '.join(COLUMNS)}) VALUES (new.key, {_NEW});"
# The external-content pattern from https://sqlite.org/fts5.html#external_content_tables
TRIGGERS = {
    "search_entry_insert": f"CREATE TRIGGER search_entry_insert AFTER INSERT ON search_entry "
                           f"BEGIN {_INSERT} END",
    "search_entry_delete": f"CREATE TRIGGER search_entry_delete AFTER DELETE ON search_entry "
                           f"BEGIN {_DELETE} END",
    "search_entry_update": f"CREATE TRIGGER search_entry_update AFTER UPDATE ON search_entry "
                           f"BEGIN {_DELETE} {_INSERT} END",
}


def _quoted(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def expression(query: Query) -> str:
    """An FTS5 expression in which every term is a quoted string, so nothing a reader
    types is read as FTS5 syntax (https://sqlite.org/fts5.html#fts5_strings)."""
    return " AND ".join(
        "(" + " OR ".join("(" + " AND ".join(_quoted(term) for term in alternative) + ")"
                          for alternative in group) + ")"
        for group in query.groups)


class SQLiteBackend(Backend):
    key_column = "rowid"

    def everything(self, query: Query) -> str:
        return f"{WORDS} : ({expression(query)})"

    def tiers(self, query: Query) -> list[str]:
        words = expression(query)
        within = [f"{{{column}}} : ({words})" for column in TIERS]
        found = [within[0]]
        found += [f"({within[n]}) NOT ({' OR '.join(within[:n])})" for n in range(1, len(within))]
        found.append(f"({self.everything(query)}) NOT ({' OR '.join(within)})")
        return found

    def _match(self, expression: str, filters: Filters) -> tuple[str, list[object]]:
        if filters.facets:
            required = " AND ".join(_quoted(facet) for facet in filters.facets)
            expression = f"({expression}) AND {{facets}} : ({required})"
        return (f"FROM {TABLE} WHERE {TABLE} MATCH %s AND rowid BETWEEN %s AND %s",
                [expression, filters.lowest, filters.highest])


    @contextmanager
    def bulk(self) -> Iterator[None]:
        """Without the triggers (one index pass instead of one per row), then a rebuild of
        the whole FTS table from ``search_entry``, then the triggers back."""
        with transaction.atomic(using=self.connection.alias), self.connection.cursor() as cursor:
            for name in TRIGGERS:
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
            yield
            cursor.execute(f"INSERT INTO {TABLE}({TABLE}) VALUES ('rebuild')")
            cursor.execute(f"INSERT INTO {TABLE}({TABLE}) VALUES ('optimize')")
            for sql in TRIGGERS.values():
                cursor.execute(sql)
