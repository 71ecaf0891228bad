"""The retention work (retention.housekeeping) on a timer in each server process.

Comment posts run it hourly too, but a site no one comments on any more would then keep
its commenters' e-mail addresses, and the comments left waiting, past their retention
days until `sokhan purge` ran: an operator had to remember a cron job for what the
settings promise. Each worker of `sokhan serve` (wsgi.py) starts this thread; the work
itself runs at most hourly per process, whichever of the thread and a post comes first.
"""

from __future__ import annotations

import logging
import random
import threading
import time

from django.db import connections

from sokhan.comments import retention

log = logging.getLogger(__name__)

# The first run comes soon after a worker starts, spread over a few seconds so that the
# workers of one server do not all start it at once; then hourly.
FIRST_RUN = (1.0, 5.0)
EVERY = 3600.0

_started = threading.Lock()


def start() -> None:
    """Start the thread, once per process."""
    if _started.acquire(blocking=False):
        threading.Thread(target=_run, name="sokhan-housekeeper", daemon=True).start()


def _run() -> None:
    time.sleep(random.uniform(*FIRST_RUN))  # noqa: S311 - a spread, not a secret
    while True:
        try:
            retention.housekeeping()
        except Exception:  # the database away for a while: the next hour tries again
            log.exception("The retention work failed; it runs again within the hour")
        finally:
            connections.close_all()  # this thread's own; it sleeps for an hour
        time.sleep(EVERY)
