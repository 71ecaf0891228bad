"""Counting per address hash over a sliding window, in Django's cache (Redis when configured).

A plain fixed window ("this clock hour") lets a sender through twice the limit in a
moment: the limit just before the hour turns, the limit again just after. Here each window
is cut into SLICES counters, and a count adds up every slice that touches the last
`window` seconds. So no stretch of `window` seconds ever holds more than the limit, and a
hit goes on counting for between one window and one window plus a slice (60–70 s for a
minute, 60–70 min for an hour): strict on the side of the site, never in the sender's
favour. Each slice is one atomic counter (`add`/`incr`), so processes that share a Redis
count together; reading is one `get_many` (one MGET on Redis). When Redis does not answer,
the limits let everything through for a while (antispam/outage.py).
"""

from __future__ import annotations

import time

from django.core.cache import cache

from sokhan.antispam.outage import REDIS

SLICES = 6


def _slice(window: int) -> int:
    return max(1, window // SLICES)


def _key(kind: str, address_hash: str, window: int, number: int) -> str:
    return f"rate:{kind}:{address_hash[:32]}:{window}:{number}"


def _numbers(window: int, now: float) -> range:
    """The slices that touch (now - window, now]: the current one and SLICES before it."""
    current = int(now // _slice(window))
    return range(current - window // _slice(window), current + 1)


def count(kind: str, address_hash: str, window: int, earlier: str | None = None) -> int:
    """Hits over the window; ``earlier``: the same address's hash under the previous key
    (comments/keys.py), whose hits count too."""
    numbers = _numbers(window, time.time())
    keys = [_key(kind, who, window, n) for who in (address_hash, earlier) if who
            for n in numbers]
    # Fail open: with the counters out of reach, the CAPTCHA and pre-moderation still stand
    # between a flood and the public, and people can still comment.
    return REDIS.call(lambda: sum(int(v) for v in cache.get_many(keys).values()), 0)


def hit(kind: str, address_hash: str, window: int, earlier: str | None = None) -> int:
    """Count one more; the new total over the window."""
    return take(kind, address_hash, window, earlier)[0]


def give_back(key: str) -> None:
    """Undo one `take` (the key it returned): what was taken was not used after all."""
    if key:  # "": taken while Redis was down, nothing was counted
        REDIS.call(lambda: _decrement(key), None)


def _decrement(key: str) -> None:
    try:
        cache.decr(key)
    except ValueError:  # expired since: nothing left to give back
        pass


def take(kind: str, address_hash: str, window: int,
         earlier: str | None = None) -> tuple[int, str]:
    """Count one more; the new total over the window, and the key to give it back by.

    The total comes from one atomic increment, so two processes taking at the same moment
    see different totals: one of them is the one over the limit.
    """
    total, key = REDIS.call(lambda: _take(kind, address_hash, window), (1, ""))  # fail open
    return total + (count(kind, earlier, window) if earlier and key else 0), key


def _take(kind: str, address_hash: str, window: int) -> tuple[int, str]:
    now = time.time()
    numbers = _numbers(window, now)
    key = _key(kind, address_hash, window, numbers[-1])
    earlier = [_key(kind, address_hash, window, n) for n in numbers[:-1]]
    before = sum(int(value) for value in cache.get_many(earlier).values())
    # Kept until the slice stops touching any window: one window and one slice past its start.
    timeout = window + _slice(window) + 1
    if cache.add(key, 1, timeout=timeout):
        return before + 1, key
    try:
        return before + int(cache.incr(key)), key
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=timeout)
        return before + 1, key
