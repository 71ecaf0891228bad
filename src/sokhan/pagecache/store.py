"""The pages a worker keeps: a dictionary bounded by bytes, least recently used out first.

Pure: no Django import.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass

# What a kept page costs besides its body: the headers and the bookkeeping.
OVERHEAD = 1024


@dataclass(frozen=True, slots=True)
class Entry:
    """A rendered page and what it depended on when it was rendered."""

    status: str
    headers: tuple[tuple[str, str], ...]
    body: bytes
    tags: tuple[int, ...]
    stamp: tuple[int, ...]  # the tags' generation counters at render time
    expires: float  # wall clock; also the next scheduled publication, if sooner
    # The names of the query the page asked for while rendered (None: it read it whole).
    reads: frozenset[str] | None = None
    etag: str | None = None
    longest: int = 0  # the longest max-age or s-maxage its Cache-Control gives

    @property
    def size(self) -> int:
        return len(self.body) + OVERHEAD


class PageStore:
    """Thread-safe: a worker's threads share it."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.used = 0
        self._entries: OrderedDict[Hashable, Entry] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, key: Hashable) -> Entry | None:
        # No lock on the hot path: a thread that holds one when the interpreter switches
        # threads makes every other reader wait. dict.get and move_to_end are each atomic;
        # an entry evicted between them is simply not moved.
        entry = self._entries.get(key)
        if entry is not None:
            try:
                self._entries.move_to_end(key)
            except KeyError:
                pass
        return entry

    def put(self, key: Hashable, entry: Entry) -> None:
        if entry.size > self.max_bytes:
            return
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self.used -= old.size
            self._entries[key] = entry
            self.used += entry.size
            while self.used > self.max_bytes:
                _key, evicted = self._entries.popitem(last=False)
                self.used -= evicted.size

    def discard(self, key: Hashable) -> None:
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self.used -= old.size
