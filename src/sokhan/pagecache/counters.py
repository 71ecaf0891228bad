"""The site's generation counters: a mapped file on one machine, Redis across machines."""

from __future__ import annotations

import atexit
import functools
import time

from django.conf import settings

from sokhan.pagecache.generations import FileGenerations, Generations, RedisGenerations


@functools.cache
def generations() -> Generations:
    if settings.SOKHAN_REDIS_URL:
        import redis

        from sokhan.antispam.outage import REDIS

        made = RedisGenerations(redis.Redis.from_url(settings.SOKHAN_REDIS_URL,
                                                     **settings.REDIS_TIMEOUTS),
                                outage=REDIS, errors=(redis.RedisError,))
        # A command (`sokhan import`) that changed pages while Redis was away tries once
        # more before it exits: its thread that would have announced them dies with it.
        atexit.register(made.settle)
        return made
    return FileGenerations(settings.DATA_DIR / "pagecache-generations")


# How long a command waits for Redis to take the changes it made, before it fails.
SETTLE_SECONDS = 10.0


def unannounced() -> bool:
    """Whether a change this process made is still not announced to the other processes
    (Redis did not answer), after trying again for up to SETTLE_SECONDS."""
    if not generations.cache_info().currsize:
        return False  # never asked for: this process changed no page
    made = generations()
    if not isinstance(made, RedisGenerations):
        return False
    deadline = time.monotonic() + SETTLE_SECONDS
    while not made.settle():
        if time.monotonic() >= deadline:
            return True
        time.sleep(min(1.0, SETTLE_SECONDS))
    return False
