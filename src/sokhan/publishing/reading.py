"""A statement with its signatory and topics, read for its page with written-out SQL.

Every cold statement page reads these two things, and Django took longer to build their
SQL than the database took to answer (0.36 and 0.31 ms, against 0.04 each to run the same
SQL; `make bench`). Here the SQL is written once per database and the rows become the same
model instances the ORM makes: each value goes through the converters Django itself
applies (SQLite's text timestamps become aware datetimes, for one), then Model.from_db().
tests/publishing/test_reading.py holds the result to the ORM's on SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from django.db import connection
from django.db.models import Model

from sokhan.publishing.models import Signatory, Statement, Topic

M = TypeVar("M", bound=Model)
Converter = Callable[[Any, Any, Any], Any]


class Table(Generic[M]):
    """One model's columns in a SELECT, and its rows made into instances."""

    def __init__(self, model: type[M]) -> None:
        self.model = model
        self.fields = model._meta.concrete_fields
        self.names = [field.attname for field in self.fields]
        # Per database (vendor): which column needs which converters.
        self._converters: dict[str, list[tuple[int, list[Converter], Any]]] = {}

    def columns(self, alias: str) -> str:
        quote = connection.ops.quote_name
        return ", ".join(f"{alias}.{quote(field.column)}" for field in self.fields)

    def make(self, values: Sequence[Any]) -> M:
        row = list(values)
        for index, converters, column in self._converters_here():
            for convert in converters:
                row[index] = convert(row[index], column, connection)
        return self.model.from_db(connection.alias, self.names, row)

    def _converters_here(self) -> list[tuple[int, list[Converter], Any]]:
        found = self._converters.get(connection.alias)
        if found is None:
            found = []
            for index, field in enumerate(self.fields):
                column = field.get_col(self.model._meta.db_table)
                converters = (connection.ops.get_db_converters(column)
                              + field.get_db_converters(connection))
                if converters:
                    found.append((index, converters, column))
            self._converters[connection.alias] = found
        return found


STATEMENTS, SIGNATORIES, TOPICS = Table(Statement), Table(Signatory), Table(Topic)
_TOPICS_THROUGH = Statement.topics.through._meta.db_table


def statement_at(language: str, slug: str) -> Statement | None:
    """The statement at /language/statements/slug/ with its signatory, whatever its status
    (the caller decides who may see it); None if there is none."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {STATEMENTS.columns('s')}, {SIGNATORIES.columns('g')}"
            f" FROM {quote(Statement._meta.db_table)} s"
            f" JOIN {quote(Signatory._meta.db_table)} g ON g.id = s.signatory_id"
            " WHERE s.language = %s AND s.slug = %s", (language, slug))
        row = cursor.fetchone()
    if row is None:
        return None
    statement = STATEMENTS.make(row[:len(STATEMENTS.fields)])
    statement.signatory = SIGNATORIES.make(row[len(STATEMENTS.fields):])
    return statement


def topics_of(statement: Statement) -> list[Topic]:
    """The statement's topics, in the ORM's order (Topic.Meta.ordering)."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {TOPICS.columns('t')} FROM {quote(Topic._meta.db_table)} t"
            f" JOIN {quote(_TOPICS_THROUGH)} m ON m.topic_id = t.id"
            " WHERE m.statement_id = %s ORDER BY t.name_en, t.slug", (statement.pk,))
        return [TOPICS.make(topic) for topic in cursor.fetchall()]
