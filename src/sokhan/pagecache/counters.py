"""The site's generation counters: a mapped file on one machine, Redis across machines."""

from __future__ import annotations

import atexit
import functools

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
