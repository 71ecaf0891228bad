"""PostgreSQL full-text search: generated tsvector columns over the normalised keys
('simple' configuration: no stemming, no stop words) with GIN indexes, created by
migration 0001. Each column of the text has its own weight class, so a lexeme marked
with a class ('word':A) matches in that column only: that is how the tiers are asked."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import transaction

from sokhan.search.backends import TIERS, Backend, Filters
from sokhan.search.normaliser import Query

# Column → weight class, as the generated column sets them.
CLASSES = {"title": "A", "names": "B", "summary": "C", "body": "D"}
ADD_DOCUMENT = (
    "ALTER TABLE search_entry ADD COLUMN document tsvector GENERATED ALWAYS AS ("
    + " || ".join(f"setweight(to_tsvector('simple'::regconfig, {column}), '{weight}')"
                  for column, weight in CLASSES.items())
    + ") STORED")
ADD_FACETS = ("ALTER TABLE search_entry ADD COLUMN facet_vector tsvector GENERATED ALWAYS AS "
              "(to_tsvector('simple'::regconfig, facets)) STORED")
CREATE_INDEXES = [
    "CREATE INDEX search_entry_document ON search_entry USING GIN (document)",
    "CREATE INDEX search_entry_facets ON search_entry USING GIN (facet_vector)",
]


def _quoted(term: str, weight: str = "") -> str:
    lexeme = "'" + term.replace("\\", "\\\\").replace("'", "''") + "'"
    return f"{lexeme}:{weight}" if weight else lexeme


def expression(query: Query, weight: str = "") -> str:
    """A to_tsquery() expression in which every term is a quoted lexeme (so nothing a
    reader types is read as tsquery syntax), each limited to a weight class if given."""
    return " & ".join(
        "(" + " | ".join("(" + " & ".join(_quoted(term, weight) for term in alternative)
                         + ")" for alternative in group) + ")"
        for group in query.groups)


class PostgresBackend(Backend):
    def everything(self, query: Query) -> str:
        return expression(query)

    def tiers(self, query: Query) -> list[str]:
        within = [f"({expression(query, CLASSES[column])})" for column in TIERS]
        found = [within[0]]
        found += [f"{within[n]} & !({' | '.join(within[:n])})" for n in range(1, len(within))]
        found.append(f"({self.everything(query)}) & !({' | '.join(within)})")
        return found

    def _match(self, expression: str, filters: Filters) -> tuple[str, list[object]]:
        sql = ("FROM search_entry WHERE document @@ to_tsquery('simple'::regconfig, %s) "
               "AND key BETWEEN %s AND %s")
        params: list[object] = [expression, filters.lowest, filters.highest]
        if filters.facets:
            sql += " AND facet_vector @@ to_tsquery('simple'::regconfig, %s)"
            params.append(" & ".join(_quoted(facet) for facet in filters.facets))
        return sql, params


    @contextmanager
    def bulk(self) -> Iterator[None]:
        # The generated columns follow every write; nothing to switch off.
        with transaction.atomic(using=self.connection.alias):
            yield
