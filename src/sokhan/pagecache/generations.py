"""Generation counters: how every worker learns, on its very next request, that a page
it keeps may be out of date.

A cached page records the counters of the tags it depends on when it was rendered; it is
served only while they are unchanged. Publishing or editing anything bumps a counter, so
every worker on the machine (or, with Redis, on every machine) sees the change at once.

Tags are small integers:

- ``SITE``: everything a reader sees (statements, topics, signatories, site settings);
  every page depends on it.
- ``LISTS``: pages that list statements with their comment counts, and comment feeds.
- ``statement_tag(pk)``: the comments of one statement, hashed into ``BUCKETS`` buckets
  so the counters stay a fixed, small size whatever the number of statements (two
  statements sharing a bucket only re-render each other's page a little more often);
- ``RULES``: the blocks and disallowed words that moderators edit. No page shows them;
  workers keep them between comment posts (kept.py) until this moves.

No Django import: the WSGI layer reads these before Django runs.
"""

from __future__ import annotations

import fcntl
import mmap
import os
import struct
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Protocol

SITE, LISTS = 0, 1
BUCKETS = 1024
RULES = 2 + BUCKETS  # after the buckets, so a file written before it keeps its numbering
SIZE = 3 + BUCKETS
_COUNTER = struct.Struct("<Q")


def statement_tag(statement_pk: int) -> int:
    return 2 + statement_pk % BUCKETS


class Generations(Protocol):
    """Where the counters live: a shared file on one machine, Redis across machines."""

    def read(self, tags: Sequence[int]) -> tuple[int, ...]: ...

    def snapshot(self) -> Sequence[int]: ...

    def bump(self, tags: Iterable[int]) -> None: ...


class FileGenerations:
    """Counters in a small file that every worker maps into memory.

    Reading a counter is a memory read (no system call): the mapping is shared, so a
    bump by one process is visible to the others immediately. Bumps take an exclusive
    lock on the file, so two processes bumping at once never lose an increment.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            # Every process may create it at first start; growing it is idempotent.
            if os.fstat(fd).st_size < SIZE * _COUNTER.size:
                fcntl.flock(fd, fcntl.LOCK_EX)
                try:
                    if os.fstat(fd).st_size < SIZE * _COUNTER.size:
                        os.ftruncate(fd, SIZE * _COUNTER.size)
                finally:
                    fcntl.flock(fd, fcntl.LOCK_UN)
            self._map = mmap.mmap(fd, SIZE * _COUNTER.size, mmap.MAP_SHARED)
        finally:
            os.close(fd)

    def read(self, tags: Sequence[int]) -> tuple[int, ...]:
        return tuple(_COUNTER.unpack_from(self._map, tag * 8)[0] for tag in tags)

    def snapshot(self) -> Sequence[int]:
        return struct.unpack_from(f"<{SIZE}Q", self._map)

    def bump(self, tags: Iterable[int]) -> None:
        with open(self.path, "rb") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                for tag in set(tags):
                    value = _COUNTER.unpack_from(self._map, tag * 8)[0]
                    _COUNTER.pack_into(self._map, tag * 8, value + 1)
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)


class RedisGenerations:
    """Counters in one Redis hash, shared by app servers on different machines.

    A field that was never bumped reads as 0. Reading costs one round trip per request
    served from the cache; that is the price of every machine seeing a change at once.
    """

    def __init__(self, client: object, key: str = "sokhan:pagecache:generations") -> None:
        self.client = client
        self.key = key

    def read(self, tags: Sequence[int]) -> tuple[int, ...]:
        values = self.client.hmget(self.key, [str(tag) for tag in tags])  # type: ignore[attr-defined]
        return tuple(int(value or 0) for value in values)

    def snapshot(self) -> Sequence[int]:
        stored = self.client.hgetall(self.key)  # type: ignore[attr-defined]
        values = [0] * SIZE
        for field, value in stored.items():
            values[int(field)] = int(value)
        return values

    def bump(self, tags: Iterable[int]) -> None:
        pipeline = self.client.pipeline(transaction=False)  # type: ignore[attr-defined]
        for tag in set(tags):
            pipeline.hincrby(self.key, str(tag), 1)
        pipeline.execute()
