"""One writer at a time per worker process, on SQLite.

SQLite lets one connection write at a time. When another holds the lock, SQLite's busy
handler sleeps and retries in steps that grow to 100 ms, so under a burst of comments the
threads of one worker mostly sleep. Queuing those threads on a lock in the process
instead costs microseconds; SQLite's handler then only arbitrates between processes.
PostgreSQL has row locks and needs none of this.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection, transaction

_lock = threading.Lock()


@contextmanager
def writing() -> Iterator[None]:
    """A write transaction; on SQLite, queued behind this process's other writers."""
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        with transaction.atomic():
            yield
        return
    with _lock, transaction.atomic():
        yield
