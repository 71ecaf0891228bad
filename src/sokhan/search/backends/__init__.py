"""One small interface over the two databases' full-text search.

A backend answers two questions about a query and its filters — how many statements
match, and which ones are on a given page — and wraps bulk writes. Both answer from the
index alone (see :mod:`sokhan.search.facets`), and both rank the same way, so the same
data gives the same results, in the same order, on SQLite and PostgreSQL:

1. statements whose title holds every word of the query,
2. then those whose signatory's or topics' names do,
3. then those whose summary does,
4. then the rest (the words spread over title, names, summary and body);

newest first within each tier. Each tier is one indexed query that stops after a page,
so the first page costs the same for a word in ten statements or in fifty thousand.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import overload

from django.core.exceptions import ImproperlyConfigured
from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper

from sokhan.search import facets
from sokhan.search.normaliser import Query

# The columns that make a tier of their own, best first; "body" is only ever in the rest.
TIERS = ("title", "names", "summary")


@dataclass(frozen=True)
class Filters:
    """Every facet must be present; the key range says when (published by now, in a
    year)."""

    facets: tuple[str, ...]
    lowest: int
    highest: int


class Backend(ABC):
    #: The index's column holding each entry's key (publication second and statement id).
    key_column = "key"

    def __init__(self, connection: BaseDatabaseWrapper) -> None:
        self.connection = connection

    def count(self, query: Query, filters: Filters) -> int:
        """How many statements match."""
        if not query:
            return 0
        return self._count(self.everything(query), filters)

    def page(self, query: Query, filters: Filters, offset: int, limit: int) -> list[int]:
        """Statement ids number ``offset`` to ``offset + limit`` in the ranking."""
        found: list[int] = []
        for expression in (self.tiers(query) if query else []):
            if limit <= 0:
                break
            keys = self._keys(expression, filters, offset, limit)
            if not keys and offset:
                # The page starts beyond this tier: skip all of it.
                offset = max(0, offset - self._count(expression, filters))
            else:
                offset = 0
            found += (facets.statement_id(key) for key in keys)
            limit -= len(keys)
        return found

    @abstractmethod
    def everything(self, query: Query) -> str:
        """The database's expression for "matches anywhere"."""

    @abstractmethod
    def tiers(self, query: Query) -> list[str]:
        """One expression per tier, each excluding the tiers before it; the last is the
        rest."""

    @abstractmethod
    def _match(self, expression: str, filters: Filters) -> tuple[str, list[object]]:
        """``FROM … WHERE …`` selecting the entries that match, and its parameters."""

    def _count(self, expression: str, filters: Filters) -> int:
        sql, params = self._match(expression, filters)
        with self.connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) {sql}", params)
            return int(cursor.fetchone()[0])

    def _keys(self, expression: str, filters: Filters, offset: int, limit: int
              ) -> list[int]:
        """Entry keys matching ``expression``, highest (newest) first."""
        sql, params = self._match(expression, filters)
        key = self.key_column
        with self.connection.cursor() as cursor:
            cursor.execute(f"SELECT {key} {sql} ORDER BY {key} DESC LIMIT %s OFFSET %s",
                           [*params, limit, offset])
            return [row[0] for row in cursor.fetchall()]

    @abstractmethod
    def bulk(self) -> AbstractContextManager[None]:
        """Wraps writing many entries at once (a rebuild) in a transaction."""


class Matches(Sequence[int]):
    """A query's matching statement ids, counted and sliced on demand, so Django's
    Paginator asks the index for one page, never for every match."""

    def __init__(self, backend: Backend, query: Query, filters: Filters) -> None:
        self.backend, self.query, self.filters = backend, query, filters
        self._length: int | None = None

    def __len__(self) -> int:
        if self._length is None:
            self._length = self.backend.count(self.query, self.filters)
        return self._length

    @overload
    def __getitem__(self, index: int) -> int: ...

    @overload
    def __getitem__(self, index: slice) -> list[int]: ...

    def __getitem__(self, index: int | slice) -> int | list[int]:
        if isinstance(index, int):
            found = self.backend.page(self.query, self.filters, index, 1)
            if not found:
                raise IndexError(index)
            return found[0]
        start, stop, step = index.indices(len(self))
        if step != 1:
            raise ValueError("search results are sliced one page at a time")
        return self.backend.page(self.query, self.filters, start, max(0, stop - start))

    def __iter__(self) -> Iterator[int]:
        return iter(self[0:len(self)])


def current(using: str = "default") -> Backend:
    from sokhan.search.backends import postgres, sqlite

    connection: BaseDatabaseWrapper = connections[using]
    if connection.vendor == "sqlite":
        return sqlite.SQLiteBackend(connection)
    if connection.vendor == "postgresql":
        return postgres.PostgresBackend(connection)
    raise ImproperlyConfigured(f"Search works on SQLite and PostgreSQL; this database is "
                               f"{connection.vendor}. Set DATABASE_URL to one of those.")
