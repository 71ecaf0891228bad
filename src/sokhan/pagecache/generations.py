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
import logging
import mmap
import os
import secrets
import struct
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Protocol, TypeVar

SITE, LISTS = 0, 1
BUCKETS = 1024
RULES = 2 + BUCKETS  # after the buckets, so a file written before it keeps its numbering
SIZE = 3 + BUCKETS
_COUNTER = struct.Struct("<Q")
T = TypeVar("T")
log = logging.getLogger(__name__)


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


class Outage(Protocol):
    """Remembers that Redis stopped answering (antispam/outage.py), so that every request
    does not wait for its timeout again."""

    def recent(self) -> bool: ...

    def begin(self, error: Exception) -> None: ...


class RedisUnanswered(Exception):
    """Redis failed lately: not asked again until the outage is over."""


class RedisGenerations:
    """Counters in one Redis hash, shared by app servers on different machines.

    A field that was never bumped reads as 0. Reading costs one round trip per request
    served from the cache; that is the price of every machine seeing a change at once.

    **The epoch.** Counters that go back (Redis restarted without its data, the hash
    flushed) would make pages kept before a change current again, a withdrawn statement
    among them. So the hash also holds a random epoch, and every value read is offset by
    it: a hash that lost its epoch gets a new one at the next snapshot, and no page
    stamped before matches any more. (A Redis that restarts from an older snapshot of its
    data keeps the old epoch: run it without persistence, docs/deploy.md.)

    **An outage.** Redis down or hung costs each call its timeout; after one failure the
    process leaves Redis alone for a while (``outage``), and readers get RedisUnanswered
    at once: pages are rendered, not served from memory, and nothing is kept. A bump is
    always tried.

    **A bump that fails is owed, not lost.** The change it stood for is committed, and
    every worker (on every machine) that kept a page before it would serve that page
    until it expired, once Redis answered again with the old counters. So the process
    remembers the tags and a thread bumps them as soon as Redis answers (tried after
    ``retry_seconds``, then at least every 5 s), and at exit; meanwhile this process
    serves no kept page either.
    """

    EPOCH = "epoch"

    def __init__(self, client: object, key: str = "sokhan:pagecache:generations", *,
                 outage: Outage | None = None,
                 errors: tuple[type[Exception], ...] = (Exception,),
                 retry_seconds: float = 2.0) -> None:
        self.client = client
        self.key = key
        self.outage = outage
        self.errors = errors
        self.retry_seconds = retry_seconds
        # Each owed tag with the number of the change that last owed it: a change that
        # fails while an earlier one is being paid is not cleared with it.
        self._owed: dict[int, int] = {}
        self._changes = 0
        self._owing = threading.Lock()
        self._paying = False

    def _ask(self, action: Callable[[], T], *, even_now: bool = False) -> T:
        if not even_now and self.outage is not None and self.outage.recent():
            raise RedisUnanswered
        try:
            return action()
        except self.errors as error:
            if self.outage is not None:
                self.outage.begin(error)
            raise

    def read(self, tags: Sequence[int]) -> tuple[int, ...]:
        if self._owed:  # a change this process could not announce: its pages wait too
            raise RedisUnanswered
        fields = [self.EPOCH, *(str(tag) for tag in tags)]
        epoch, *values = self._ask(lambda: self.client.hmget(self.key, fields))  # type: ignore[attr-defined]
        if epoch is None:  # a new Redis, or one that lost its data: a new epoch
            self._new_epoch()
            epoch, *values = self._ask(lambda: self.client.hmget(self.key, fields))  # type: ignore[attr-defined]
        offset = _offset(epoch)
        return tuple(offset + int(value or 0) for value in values)

    def _new_epoch(self) -> None:
        # HSETNX: of several processes that find none at once, one sets it for all.
        self._ask(lambda: self.client.hsetnx(self.key, self.EPOCH,  # type: ignore[attr-defined]
                                             secrets.randbits(48)))

    def snapshot(self) -> Sequence[int]:
        stored = self._ask(lambda: self.client.hgetall(self.key))  # type: ignore[attr-defined]
        if self.EPOCH.encode() not in stored and self.EPOCH not in stored:
            self._new_epoch()
            stored = self._ask(lambda: self.client.hgetall(self.key))  # type: ignore[attr-defined]
        values = [0] * SIZE
        offset = 0
        for field, value in stored.items():
            name = field.decode() if isinstance(field, bytes) else field
            if name == self.EPOCH:
                offset = _offset(value)
            else:
                values[int(name)] = int(value)
        return [offset + value for value in values]

    def bump(self, tags: Iterable[int]) -> None:
        tags = set(tags)
        try:
            self._bump(tags)
        except self.errors as error:
            self._owe(tags, error)

    def _bump(self, tags: set[int]) -> None:
        def bump_all() -> None:
            pipeline = self.client.pipeline(transaction=False)  # type: ignore[attr-defined]
            for tag in tags:
                pipeline.hincrby(self.key, str(tag), 1)
            pipeline.execute()
        # Always tried: bumps are rare, and one skipped because of an earlier hiccup would
        # leave every server serving what changed until its pages expire.
        self._ask(bump_all, even_now=True)

    def _owe(self, tags: set[int], error: Exception) -> None:
        with self._owing:
            self._changes += 1
            self._owed.update(dict.fromkeys(tags, self._changes))
            start, self._paying = not self._paying, True
        log.warning("Redis did not take a change (%s): it is announced when Redis answers "
                    "again", error)
        if start:
            threading.Thread(target=self._pay, name="sokhan-owed-bumps", daemon=True).start()

    def _pay(self) -> None:
        delay = self.retry_seconds
        while not self.settle():
            time.sleep(delay)
            delay = min(delay * 2, 5.0)  # a stale page is served until this succeeds

    @property
    def owed(self) -> frozenset[int]:
        """The tags of changes not yet announced."""
        with self._owing:
            return frozenset(self._owed)

    def settle(self) -> bool:
        """Bump what is owed; True when nothing is owed any more."""
        with self._owing:
            owed = dict(self._owed)
        if owed:
            try:
                self._bump(set(owed))
            except self.errors:
                return False
        with self._owing:
            for tag, change in owed.items():
                if self._owed.get(tag) == change:  # not owed again since it was copied
                    del self._owed[tag]
            done = not self._owed
            if done:
                self._paying = False
        if owed and done:
            log.warning("Redis answers again: the changes it missed are announced")
        return done


def _offset(epoch: bytes | str) -> int:
    # Far above any count of bumps: two epochs' ranges never meet.
    return int(epoch) << 64
