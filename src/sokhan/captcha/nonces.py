"""Used nonces, so a token is accepted once — also when another process sees the replay.

Stored in the database by default; in Redis (SET NX with an expiry) when SOKHAN_REDIS_URL
is set. Either way every server process of the site shares them. While Redis does not
answer (antispam/outage.py), the database keeps them, so nobody is turned away, and a
claim Redis takes is checked against the database too, so no token recorded during the
outage can be used again once Redis is back; a token recorded in Redis just before could,
once, until Redis answers again (it expires in 30 minutes anyway). A Redis that comes back
empty (restarted without its data) refuses every token issued before it began again.
"""

from __future__ import annotations

import datetime as dt
import functools
import time
from typing import Any

from django.conf import settings
from django.db import IntegrityError, connection
from django.utils import timezone

from sokhan.antispam.outage import REDIS
from sokhan.captcha.models import UsedNonce
from sokhan.website.writes import writing

_last_sweep = 0.0


def claim(nonce: str, expires: float) -> bool | None:
    """Record the nonce as used; False if it was used before, None if that cannot be known
    (its token was issued before Redis began again, empty: see _EPOCH)."""
    if settings.SOKHAN_REDIS_URL:
        recorded = REDIS.call(lambda: _claim_redis(nonce, expires), None)
        if recorded == _FORGOTTEN:
            return None
        if recorded is not None:
            # New to Redis, but a process may have recorded it in the database while Redis
            # was down (its own outage, or this one's): one indexed read keeps it used.
            return recorded == _NEW and not UsedNonce.objects.filter(nonce=nonce).exists()
    _sweep()
    until = connection.ops.adapt_datetimefield_value(dt.datetime.fromtimestamp(expires,
                                                                               tz=dt.UTC))
    try:
        with writing(), connection.cursor() as cursor:
            # Written out: UsedNonce.objects.create() cost 0.1 ms to this 0.04, while every
            # writer waits for the one holding SQLite's write lock.
            cursor.execute(_INSERT_SQL, (nonce, until))
    except IntegrityError:
        return False
    return True


_INSERT_SQL = f"INSERT INTO {UsedNonce._meta.db_table} (nonce, expires_at) VALUES (%s, %s)"


@functools.cache
def _redis(url: str) -> Any:
    import redis

    return redis.Redis.from_url(url, **settings.REDIS_TIMEOUTS)


# When this Redis began to keep used nonces. A Redis restarted without its data (the
# default for a cache) forgot every nonce used before: the tokens issued before it began
# again are refused as used, or each could be used once more (operators' review).
_EPOCH = "sokhan:nonce-epoch"


_NEW, _USED, _FORGOTTEN = "new", "used", "forgotten"


def began() -> None:
    """Before a challenge is issued: the time Redis began to keep used nonces, if it has
    none yet. Issued after it, a token is taken (a fresh Redis refused the first tokens
    ever shown); issued before a Redis that came back empty, it is refused."""
    if settings.SOKHAN_REDIS_URL:
        REDIS.call(lambda: _redis(settings.SOKHAN_REDIS_URL).set(_EPOCH, time.time(),
                                                                  nx=True), None)


def _claim_redis(nonce: str, expires: float) -> str:
    pipeline = _redis(settings.SOKHAN_REDIS_URL).pipeline()
    pipeline.set(_EPOCH, time.time(), nx=True)  # no expiry: kept while the data is
    pipeline.get(_EPOCH)
    # 0 until remember_saved names the comment it saved (comment ids start at 1).
    pipeline.set(f"sokhan:nonce:{nonce}", 0, nx=True, exat=int(expires) + 1)
    _made, epoch, fresh = pipeline.execute()
    if expires - settings.SOKHAN_CAPTCHA_TTL < float(epoch):  # issued before
        return _FORGOTTEN
    return _NEW if fresh else _USED


def remember_saved(nonce: str, comment_id: int) -> None:
    if settings.SOKHAN_REDIS_URL and REDIS.call(
            lambda: _redis(settings.SOKHAN_REDIS_URL).set(
                f"sokhan:nonce:{nonce}", comment_id, xx=True, keepttl=True), None):
        return
    with writing(), connection.cursor() as cursor:
        cursor.execute(_SAVED_SQL, (comment_id, nonce))


def saved_by(nonce: str) -> int | None:
    """The comment the challenge of ``nonce`` saved, if it did and is still remembered."""
    if settings.SOKHAN_REDIS_URL:
        found = REDIS.call(lambda: _redis(settings.SOKHAN_REDIS_URL).get(
            f"sokhan:nonce:{nonce}"), None)
        if found is not None and int(found) > 0:
            return int(found)
    return UsedNonce.objects.filter(nonce=nonce).values_list("saved", flat=True).first()


_SAVED_SQL = f"UPDATE {UsedNonce._meta.db_table} SET saved = %s WHERE nonce = %s"


def _sweep() -> None:
    """Forget expired nonces now and then: an expired token is refused anyway."""
    global _last_sweep
    if time.monotonic() - _last_sweep < 300:
        return
    _last_sweep = time.monotonic()
    UsedNonce.objects.filter(expires_at__lt=timezone.now()).delete()
