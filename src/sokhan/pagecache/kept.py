"""Rows that every request reads and few change, kept in each process until they change.

Each kept value belongs to a generation counter (generations.py). Saving what it was read
from bumps that counter once the transaction commits (invalidation.py), in every process
and, with Redis, on every machine; the next ``get()`` anywhere sees the new number and
reads the rows again. The counter is read before the rows, so a change committed in
between is seen on the next request at the latest. Inside a transaction (which may have
changed the rows but not bumped yet) the rows are read afresh, and they are read again
after KEPT_SECONDS in any case, so a bump that was lost (Redis down at that moment) heals
by itself. Never modify what ``get()`` returns.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Generic, TypeVar

from django.db import connection

from sokhan.pagecache import counters

T = TypeVar("T")
KEPT_SECONDS = 60
_every: list[Kept[object]] = []


class Kept(Generic[T]):
    """``load()``'s result, per database alias, while counter ``tag`` stands still."""

    def __init__(self, tag: int, load: Callable[[], T]) -> None:
        self.tag = tag
        self.load = load
        self._values: dict[str, tuple[int, float, T]] = {}
        _every.append(self)  # type: ignore[arg-type]

    def get(self) -> T:
        if connection.in_atomic_block:
            return self.load()
        try:
            generation = counters.generations().read((self.tag,))[0]
        except Exception:  # noqa: BLE001 - counters unreachable (Redis down): read the rows
            self.forget()
            return self.load()
        now = time.monotonic()
        kept = self._values.get(connection.alias)
        if kept is None or kept[0] != generation or now - kept[1] > KEPT_SECONDS:
            kept = self._values[connection.alias] = (generation, now, self.load())
        return kept[2]

    def forget(self) -> None:
        self._values.clear()


def forget_all() -> None:
    """Read everything afresh (tests: each has its own database and counters)."""
    for kept in _every:
        kept.forget()
