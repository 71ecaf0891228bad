"""Rate-limit counters that every process of one machine shares, without Redis.

Django's local-memory cache lives in one process, and `sokhan serve` runs a worker per
core: each counted on its own, so an address whose requests reached all of them could send
N times every limit. These counters live instead in a small file that every worker maps
into memory, as the page cache's generation counters do (pagecache/generations.py), and
each change takes the file's lock, so two workers counting at once never lose a hit.

A Django cache backend with what antispam/ratelimit.py asks of one (``add``, ``incr``,
``decr``, ``get_many``, and the rest of the basic API), for integer values only. With
Redis (``SOKHAN_REDIS_URL``) every server counts in Redis instead.

The file holds SLOTS slots of 16 bytes: an 8-byte hash of the key (never 0: 0 is an empty
slot), the second it expires (Unix time; 0xFFFFFFFF: never) and a signed 4-byte count. A
key lives in one of PROBES slots from its home slot. A new key takes an empty or expired
one there or, when all are in use, the one that expires first, as a full cache culls:
a flood from many addresses can push out counts, never make the site fail. (At 65,536
slots, an address that asks for CAPTCHAs and comments holds about 21 slots, seven per
limit, so about 3,000 such addresses fit before that can happen. The CAPTCHAs' counts of
drawings, one per token, are in a file of their own: settings.CACHES["drawings"].)
"""

from __future__ import annotations

import fcntl
import hashlib
import mmap
import os
import struct
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache

SLOTS = 1 << 16
PROBES = 8
_SLOT = struct.Struct("<QIi")  # key hash, expires (Unix seconds), count
_NEVER = 0xFFFFFFFF
_SIZE = SLOTS * _SLOT.size
_LARGEST = 2**31 - 1


class SharedCounts(BaseCache):
    """``LOCATION``: the file, made if missing (its folder too)."""

    def __init__(self, location: str, params: dict[str, Any]) -> None:
        super().__init__(params)
        self.path = Path(location)
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        with self._locked():
            # Every worker may be the first; growing the file is idempotent.
            if os.fstat(self._fd).st_size < _SIZE:
                os.ftruncate(self._fd, _SIZE)
        self._map = mmap.mmap(self._fd, _SIZE, mmap.MAP_SHARED)

    @contextmanager
    def _locked(self) -> Iterator[None]:
        fcntl.flock(self._fd, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(self._fd, fcntl.LOCK_UN)

    def _hash(self, key: str, version: int | None) -> int:
        made = self.make_and_validate_key(key, version=version)
        return int.from_bytes(hashlib.blake2b(made.encode(), digest_size=8).digest(),
                              "little") or 1

    def _expiry(self, timeout: Any) -> int | None:
        """The second the value expires; None: it is already gone (timeout 0 or less)."""
        at = self.get_backend_timeout(timeout)
        if at is None:
            return _NEVER
        return None if at <= time.time() else min(int(at) + 1, _NEVER - 1)

    def _slots(self, hashed: int) -> range:
        home = hashed % SLOTS
        return range(home, home + PROBES)

    def _read(self, slot: int) -> tuple[int, int, int]:
        return _SLOT.unpack_from(self._map, (slot % SLOTS) * _SLOT.size)

    def _write(self, slot: int, hashed: int, expires: int, count: int) -> None:
        count = max(-_LARGEST - 1, min(count, _LARGEST))  # 4 bytes: held, never an error
        _SLOT.pack_into(self._map, (slot % SLOTS) * _SLOT.size, hashed, expires, count)

    def _find(self, hashed: int) -> tuple[int | None, int]:
        """Where the live key is (or None), and the slot a new one would take."""
        now = int(time.time())
        free, soonest = None, None
        for slot in self._slots(hashed):
            stored, expires, _count = self._read(slot)
            live = stored != 0 and expires > now
            if live and stored == hashed:
                return slot, slot
            if not live and free is None:
                free = slot
            if live and (soonest is None or expires < self._read(soonest)[1]):
                soonest = slot
        return None, free if free is not None else soonest  # type: ignore[return-value]

    @staticmethod
    def _count(value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise TypeError(f"SharedCounts keeps integers only, not {value!r}")
        return value

    # --- Django's cache API ---------------------------------------------------------

    def add(self, key: str, value: Any, timeout: Any = DEFAULT_TIMEOUT,
            version: int | None = None) -> bool:
        count, hashed, expires = self._count(value), self._hash(key, version), self._expiry(timeout)
        with self._locked():
            found, free = self._find(hashed)
            if found is not None:
                return False
            if expires is not None:
                self._write(free, hashed, expires, count)
            return True

    def set(self, key: str, value: Any, timeout: Any = DEFAULT_TIMEOUT,
            version: int | None = None) -> None:
        count, hashed, expires = self._count(value), self._hash(key, version), self._expiry(timeout)
        with self._locked():
            found, free = self._find(hashed)
            if expires is None:
                if found is not None:
                    self._write(found, 0, 0, 0)
                return
            self._write(found if found is not None else free, hashed, expires, count)

    def get(self, key: str, default: Any = None, version: int | None = None) -> Any:
        return self.get_many([key], version=version).get(key, default)

    def get_many(self, keys: Iterable[str], version: int | None = None) -> dict[str, Any]:
        hashed = {key: self._hash(key, version) for key in keys}
        found = {}
        with self._locked():
            for key, value in hashed.items():
                slot, _free = self._find(value)
                if slot is not None:
                    found[key] = self._read(slot)[2]
        return found

    def incr(self, key: str, delta: int = 1, version: int | None = None) -> int:
        hashed = self._hash(key, version)
        with self._locked():
            slot, _free = self._find(hashed)
            if slot is None:
                raise ValueError(f"Key '{key}' not found")
            _stored, expires, count = self._read(slot)
            self._write(slot, hashed, expires, count + delta)
            return count + delta

    def decr(self, key: str, delta: int = 1, version: int | None = None) -> int:
        return self.incr(key, -delta, version=version)

    def touch(self, key: str, timeout: Any = DEFAULT_TIMEOUT,
              version: int | None = None) -> bool:
        hashed, expires = self._hash(key, version), self._expiry(timeout)
        with self._locked():
            slot, _free = self._find(hashed)
            if slot is None:
                return False
            count = self._read(slot)[2]
            self._write(slot, *((hashed, expires, count) if expires else (0, 0, 0)))
            return True

    def delete(self, key: str, version: int | None = None) -> bool:
        hashed = self._hash(key, version)
        with self._locked():
            slot, _free = self._find(hashed)
            if slot is None:
                return False
            self._write(slot, 0, 0, 0)
            return True

    def has_key(self, key: str, version: int | None = None) -> bool:
        return key in self.get_many([key], version=version)

    def clear(self) -> None:
        with self._locked():
            self._map[:] = bytes(_SIZE)
