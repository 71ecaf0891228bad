"""How a statement's publication time and labels are spelled in the index. Pure: no Django.

The **key** of an index entry is its publication time in whole seconds, with the
statement's id in the low bits: ``seconds since 1900 << 27 | id``. Sorting by key is
sorting newest first (ties by id), and "published by now" or "published in 2024" are key
ranges, so the database answers filters and order from the full-text index alone, without
reading a single statement row. (SQLite FTS5 keeps its rows in rowid order and stops after
a page when asked ``ORDER BY rowid DESC LIMIT``.)

**Facets** are the words of the ``facets`` column: ``langfa``, ``topic12``,
``signatory3``. A filter is a facet that must be present. They live in their own column,
which a reader's words never reach, so typing "langfa" finds nothing special.
"""

from __future__ import annotations

from datetime import UTC, datetime

ID_BITS = 27  # up to 134 million statements
ID_MASK = (1 << ID_BITS) - 1
EPOCH = datetime(1900, 1, 1, tzinfo=UTC)
MAX_SECONDS = (1 << (63 - ID_BITS)) - 1  # keys stay below 2**63 (about the year 3077)


class StatementIdTooLarge(ValueError):
    """A statement id too large for the key."""


def seconds(moment: datetime) -> int:
    """Whole seconds since 1900 (rounded down), clamped to what a key holds."""
    return min(MAX_SECONDS, max(0, int((moment - EPOCH).total_seconds() // 1)))


def key(published_at: datetime, statement_id: int) -> int:
    if not 0 < statement_id <= ID_MASK:
        raise StatementIdTooLarge(f"statement id {statement_id} does not fit the search key "
                        f"({ID_BITS} bits)")
    return seconds(published_at) << ID_BITS | statement_id


def statement_id(entry_key: int) -> int:
    return entry_key & ID_MASK


def keys_between(since: datetime | None, until: datetime) -> tuple[int, int]:
    """The key range of statements published at or after ``since`` and at or before
    ``until`` (to the second: a statement due at 12:00:00.5 shows from 12:00:00)."""
    lowest = seconds(since) << ID_BITS if since else 0
    return lowest, seconds(until) << ID_BITS | ID_MASK


def language(code: str) -> str:
    return f"lang{code}"


def topic(topic_id: int) -> str:
    return f"topic{topic_id}"


def signatory(signatory_id: int) -> str:
    return f"signatory{signatory_id}"
