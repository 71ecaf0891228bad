"""How long one query of a web request may take on PostgreSQL (SOKHAN_QUERY_SECONDS).

A query waiting on a lock (a migration's, a VACUUM FULL, an index being built) or one
that ran away held its worker with no end, and every request that came after it on that
worker waited too: readers saw nothing at all, not even the "try again" page. PostgreSQL
ends such a query itself when told how long it may run (``statement_timeout``, which
counts the wait for a lock too). The request then fails as any other lost database does
(website/outage.py): a 503 page that asks readers to come back, a commenter's words on it.

Only the web server asks for it (wsgi.py): a migration, an import or a backup may rightly
run longer than a reader would wait.
"""

from __future__ import annotations

from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.signals import connection_created


def limit(seconds: int) -> None:
    """Give every PostgreSQL connection this process opens from now on ``seconds`` per
    query; 0 leaves them unlimited."""
    if seconds > 0:
        connection_created.connect(_Limit(seconds * 1000), weak=False,
                                   dispatch_uid="sokhan.website.deadline")


class _Limit:
    def __init__(self, milliseconds: int) -> None:
        self.milliseconds = milliseconds

    def __call__(self, sender: object, connection: BaseDatabaseWrapper, **kwargs: Any) -> None:
        if connection.vendor != "postgresql":
            return  # SQLite waits for a lock at most its 20 s "timeout" (settings.py)
        with connection.cursor() as cursor:
            # One query per connection, not per request: connections live a minute.
            cursor.execute("SELECT set_config('statement_timeout', %s, false)",
                           [str(self.milliseconds)])
