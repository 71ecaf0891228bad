"""Whether an error is the database out of reach (PostgreSQL restarting, a lost connection,
a locked SQLite file), which readers are told to wait out, or a bug to fix. Read by the
500 handler (a 503 page) and the log (one line, not a traceback)."""

from __future__ import annotations


def out_of_reach(error: BaseException | None) -> bool:
    # Imported here: the log's filter that asks is made before Django is set up.
    from django.db import InterfaceError, OperationalError

    # SQLite says "no such table" with an OperationalError too: a forgotten migrate.
    return isinstance(error, OperationalError | InterfaceError) and "no such" not in str(error)
