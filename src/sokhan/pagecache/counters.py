"""The site's generation counters: a mapped file on one machine, Redis across machines."""

from __future__ import annotations

import functools

from django.conf import settings

from sokhan.pagecache.generations import FileGenerations, Generations, RedisGenerations


@functools.cache
def generations() -> Generations:
    if settings.SOKHAN_REDIS_URL:
        import redis

        from sokhan.antispam.outage import REDIS

        return RedisGenerations(redis.Redis.from_url(settings.SOKHAN_REDIS_URL,
                                                     **settings.REDIS_TIMEOUTS),
                                outage=REDIS, errors=(redis.RedisError,))
    return FileGenerations(settings.DATA_DIR / "pagecache-generations")
