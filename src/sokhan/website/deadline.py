"""How long one query of a web request may take on PostgreSQL (SOKHAN_QUERY_SECONDS).

A query waiting on a lock (a migration's, a VACUUM FULL, an index being built) or one
that ran away held its worker with no end, and every request that came after it on that
worker waited too: readers saw nothing at all, not even the "try again" page. PostgreSQL
ends such a query itself when told how long it may run (``statement_timeout``, which
counts the wait for a lock too). The request then fails as any other lost database does
(website/outage.py): a 503 page that asks readers to come back, a commenter's words on it.

Only the web server asks for it (wsgi.py): a migration, an import or a backup may rightly
run longer than a reader would wait. And not for the admin (:class:`PatientAdmin`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.signals import connection_created
from django.http import HttpRequest, HttpResponse

_UID = "sokhan.website.deadline"
_limit: _Limit | None = None


def limit(seconds: int) -> None:
    """Give every PostgreSQL connection this process opens from now on ``seconds`` per
    query; 0 leaves them unlimited (and takes back an earlier limit, for tests)."""
    global _limit
    connection_created.disconnect(dispatch_uid=_UID)
    _limit = _Limit(seconds * 1000) if seconds > 0 else None
    if _limit is not None:
        connection_created.connect(_limit, weak=False, dispatch_uid=_UID)


class _Limit:
    def __init__(self, milliseconds: int) -> None:
        self.milliseconds = milliseconds

    def __call__(self, sender: object, connection: BaseDatabaseWrapper, **kwargs: Any) -> None:
        if connection.vendor == "postgresql":  # SQLite waits for a lock 20 s (settings.py)
            # One query per connection, not per request: connections live a minute.
            _set(connection, self.milliseconds)


def _set(connection: BaseDatabaseWrapper, milliseconds: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('statement_timeout', %s, false)", [str(milliseconds)])


class PatientAdmin:
    """The admin's requests wait as long as they must. An editor's Save that met a lock
    was rolled back after the limit, and the "try again" page keeps a comment's words,
    not a statement's: a long body was lost. Unlimited, it is stored once the lock goes
    (as before the limit), even if the proxy has given up on the answer. Two short queries
    per admin request; none for any other."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.prefix = "/" + settings.ADMIN_PATH

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limited = _limit
        if (limited is None or connection.vendor != "postgresql"
                or not request.path_info.startswith(self.prefix)):
            return self.get_response(request)
        try:
            _set(connection, 0)
        except DatabaseError:
            # The database out of reach: the request meets it again where a reader's does,
            # and is answered as theirs is, the 503 page with every middleware's headers
            # (raised here, it went out past them all: no Content-Security-Policy).
            return self.get_response(request)
        try:
            return self.get_response(request)
        finally:
            try:
                _set(connection, limited.milliseconds)
            except DatabaseError:  # a connection lost meanwhile: its next one is limited
                connection.close()
