"""Refusals counted where they are made, in the cache, and written to the dashboard's table
a few rows at a time.

A row written for every refused request made a flood of bots a flood of database writes:
about 400 a second from one honeypot flood (an operator's review), each waiting its turn
on SQLite's one writer with the commenters' own comments. A refusal is now one atomic
increment in the rate limits' cache (the counts file that every worker of the machine
maps, or Redis), and `settle` moves the counts into the table: when the dashboard is
shown, so moderators always see every refusal, and with each process's hourly
housekeeping, so the table holds them whether or not anyone looks. While Redis does not
answer, ``add`` says so and the refusal is written as before.

A count waits in the cache at most KEPT_DAYS, the dashboard's fortnight and a day. In
the counts file a flood from more addresses than it has room for may push a count out
before it is moved (it is culled last, since it expires last): the dashboard then shows
fewer refusals than there were, never fewer comments.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.core.cache import cache
from django.utils import timezone

from sokhan.antispam.outage import REDIS
from sokhan.antispam.verdict import Reason

KEPT_DAYS = 15
_TIMEOUT = KEPT_DAYS * 86_400


def _key(day: dt.date, reason: Reason) -> str:
    return f"refused:{day.isoformat()}:{reason.value}"


def add(reason: Reason, day: dt.date | None = None) -> bool:
    """One more refusal of ``day`` (today) for ``reason``; False when the cache could not
    count it, and the caller must write it itself."""
    key = _key(day or timezone.localdate(), reason)
    return REDIS.call(lambda: _add(key, 1), False)


def waiting(today: dt.date | None = None) -> dict[tuple[dt.date, Reason], int]:
    """The counts not yet moved into the table, per day and reason."""
    today = today or timezone.localdate()
    keys = {_key(today - dt.timedelta(days=n), reason): (today - dt.timedelta(days=n), reason)
            for n in range(KEPT_DAYS) for reason in Reason}
    found = REDIS.call(lambda: cache.get_many(list(keys)), {})
    return {keys[key]: int(count) for key, count in found.items() if int(count) > 0}


def settle(write: Callable[[dt.date, Reason, int], bool],
           today: dt.date | None = None) -> int:
    """Move the waiting counts into the table; ``write(day, reason, n)`` adds n to a row
    and says whether it could. The number of refusals moved.

    Each count is taken by one atomic decrement, so processes settling at the same moment
    never move one refusal twice: whoever takes more than was left (the value went below
    zero) gives the difference back and writes only what it took. (Should Redis stop
    answering between the two, the difference is lost from the dashboard's counts, never
    a comment.)
    """
    moved = 0
    for (day, reason), seen in waiting(today).items():
        taken = _take(_key(day, reason), seen)
        if taken and not write(day, reason, taken):
            _give_back(_key(day, reason), taken)  # the database is away: next time
        elif taken:
            moved += taken
    return moved


def _take(key: str, seen: int) -> int:
    def take() -> int:
        try:
            left = int(cache.decr(key, seen))
        except ValueError:  # expired, or moved and gone, since it was read
            return 0
        if left >= 0:
            return seen
        # Others took part of it first: what was there (nothing, if one of them is
        # between its own decrement and its giving back), and the rest given back.
        taken = max(0, seen + left)
        cache.incr(key, seen - taken)
        return taken
    return REDIS.call(take, 0)


def _give_back(key: str, taken: int) -> None:
    REDIS.call(lambda: _add(key, taken), None)


def _add(key: str, count: int) -> bool:
    if not cache.add(key, count, timeout=_TIMEOUT):
        try:
            cache.incr(key, count)
        except ValueError:  # expired between add and incr
            cache.set(key, count, timeout=_TIMEOUT)
    return True
