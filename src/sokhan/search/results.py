"""A page of search results: the statements, their titles with the matched words marked,
and a snippet of their own text around the matches."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sokhan.publishing.body import plain_text
from sokhan.publishing.models import Statement
from sokhan.search.normaliser import Query
from sokhan.search.snippet import Part, Snippet, highlight, snippet


@dataclass(frozen=True)
class Hit:
    statement: Statement
    title: tuple[Part, ...]
    snippet: Snippet


def hits(statement_ids: Sequence[int], query: Query) -> list[Hit]:
    """The statements in the order given (the ranking), each with its marked title and
    a snippet cut from its summary and body as written (never from the search keys)."""
    found = Statement.objects.select_related("signatory").prefetch_related(
        "topics").in_bulk(list(statement_ids))
    page = []
    for statement_id in statement_ids:
        statement = found.get(statement_id)
        if statement is None:  # deleted between the search and now
            continue
        text = " ".join(part for part in (statement.summary.strip(),
                                          plain_text(statement.body)) if part)
        page.append(Hit(statement, highlight(statement.title, query), snippet(text, query)))
    return page
