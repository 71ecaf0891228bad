"""Redis that stopped answering, remembered for a while in each process.

Every call to a Redis that is down or hung costs its timeout (a second). A comment post
makes several, so after one fails the process leaves Redis alone for OUTAGE_SECONDS: the
rate limits let comments through (the CAPTCHA and pre-moderation still stand), used
CAPTCHA tokens are recorded in the database instead (captcha/nonces.py), and then Redis
is tried again.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import TypeVar

try:
    from redis.exceptions import RedisError as RedisDown
except ImportError:  # the site runs without the redis package: nothing can fail this way
    class RedisDown(Exception):  # type: ignore[no-redef]
        pass

OUTAGE_SECONDS = 30
log = logging.getLogger(__name__)
T = TypeVar("T")


class Outage:
    def __init__(self, seconds: float = OUTAGE_SECONDS) -> None:
        self.seconds = seconds
        self.until = 0.0

    def recent(self) -> bool:
        return time.monotonic() < self.until

    def begin(self, error: Exception) -> None:
        if not self.recent():
            log.warning("Redis is not answering (%s): left alone for %d s", error,
                        self.seconds)
        self.until = time.monotonic() + self.seconds

    def end(self) -> None:
        self.until = 0.0

    def call(self, action: Callable[[], T], otherwise: T) -> T:
        """``action()``, or ``otherwise`` while Redis is down (found down now or lately)."""
        if self.recent():
            return otherwise
        try:
            return action()
        except RedisDown as error:
            self.begin(error)
            return otherwise


REDIS = Outage()
