"""Failed staff logins, counted per user name and per address hash, and the lockout after.

django-axes does this job elsewhere but keeps clear IP addresses, which Sokhan never
stores. Here both counters are keyed by hashes: the address by the site's keyed, rotating
address hash (:mod:`sokhan.comments.address`), the user name by an HMAC of the site's
secret — people sometimes type their password into the user name field, and that must
not sit readable in Redis either.

After ``SOKHAN_LOGIN_FAILURES`` failures within ``SOKHAN_LOGIN_WINDOW_SECONDS`` of the
first one, the user name or the address is locked for ``SOKHAN_LOGIN_WINDOW_SECONDS``.
The counters live in Django's "logins" cache, which every worker counts in together:
files in the data folder by default (every process of the machine), Redis (every server)
when ``SOKHAN_REDIS_URL`` is set. Locking a user name lets anyone keep a
staff member out for a while; that is the price of stopping password guessing, and the
lockout ends on its own.
"""

from __future__ import annotations

import fcntl
import logging
import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.base import BaseCache
from django.core.cache.backends.filebased import FileBasedCache
from django.http import HttpRequest
from django.utils.crypto import salted_hmac

from sokhan.antispam.outage import REDIS
from sokhan.comments import keys

logger = logging.getLogger(__name__)
T = TypeVar("T")


@dataclass(frozen=True)
class Attempt:
    """Who tries to log in, as the throttle counts them: hashes only."""

    user_key: str
    address_key: str

    @classmethod
    def of(cls, request: HttpRequest, username: str) -> Attempt:
        address, _period = keys.hash_request(request)
        return cls(user_key=user_key(username), address_key=f"address:{address}")

    @property
    def keys(self) -> tuple[str, str]:
        return self.user_key, self.address_key


def user_key(username: str) -> str:
    """What the throttle counts a user name by."""
    name = salted_hmac("sokhan.staff.throttle", username.strip().casefold(),
                       algorithm="sha256").hexdigest()
    return f"user:{name}"


def unlock(username: str) -> bool:
    """Lift a user name's lockout and forget its failures (`sokhan manage unlock`); whether
    it was locked. An address's lockout stays: it ends on its own."""
    key = user_key(username)
    locked = _on_the_counters(lambda cache: cache.get(f"login-lock:{key}")) is not None
    _on_the_counters(lambda cache: cache.delete_many([f"login-lock:{key}",
                                                      f"login-failures:{key}"]))
    return locked


def _window() -> int:
    return max(int(settings.SOKHAN_LOGIN_WINDOW_SECONDS), 1)


def _on_the_counters(action: Callable[[BaseCache], T]) -> T:
    """``action`` on the "logins" cache. While Redis does not answer (antispam/outage.py),
    on the files in the data folder instead: the throttle then counts this machine's
    attempts only, but staff can still log in (a Redis error was a 500) and guesses are
    still counted."""
    cache = caches["logins"]
    if isinstance(cache, FileBasedCache):
        return action(cache)
    done = REDIS.call(lambda: (action(cache),), None)
    return done[0] if done is not None else action(caches["logins-files"])


def _count(key: str) -> int:
    """One more failure for ``key``; the total since its first failure in the window."""
    return _on_the_counters(lambda cache: _count_in(cache, f"login-failures:{key}"))


def _count_in(cache: BaseCache, counter: str) -> int:
    if isinstance(cache, FileBasedCache):
        return _count_in_files(cache, counter)
    # add() starts the window at the first failure; incr() keeps the expiry it set (in
    # Redis and in memory; the file cache's incr() would not, hence the other path).
    if cache.add(counter, 1, timeout=_window()):
        return 1
    try:
        return int(cache.incr(counter))
    except ValueError:  # expired between add() and incr()
        cache.set(counter, 1, timeout=_window())
        return 1


def _count_in_files(cache: FileBasedCache, counter: str) -> int:
    """The count and the end of its window in one file, read and written under a lock
    that every process of the machine takes: their failures add up, none is lost."""
    folder = Path(settings.CACHES["logins-files"]["LOCATION"])
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    with open(folder / "count.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        now = time.time()
        count, ends = cache.get(counter) or (0, 0.0)
        if ends <= now:  # the first failure of a new window
            count, ends = 0, now + _window()
        count += 1
        cache.set(counter, (count, ends), timeout=max(1, math.ceil(ends - now)))
        return count


def locked_until(attempt: Attempt) -> float | None:
    """When the later of the attempt's lockouts ends (Unix time), or None if neither is on."""
    found = _on_the_counters(
        lambda cache: cache.get_many([f"login-lock:{key}" for key in attempt.keys]))
    return max(found.values()) if found else None


def failed(attempt: Attempt, *, account: str | None) -> None:
    """Count a failed login; lock what reached the limit. ``account`` names the user
    for the log, and only when it is a real account (never a mistyped password)."""
    for key in attempt.keys:
        if _count(key) >= settings.SOKHAN_LOGIN_FAILURES:
            until = time.time() + _window()
            _on_the_counters(lambda cache, key=key, until=until: cache.set(
                f"login-lock:{key}", until, timeout=_window()))
            what = ("one address" if key == attempt.address_key
                    else f"user name {account!r}" if account else "an unknown user name")
            # No address in the log, clear or hashed: Sokhan's logs keep none.
            logger.warning("Admin login locked for %d minutes after %d failed attempts "
                           "for %s.", round(_window() / 60), settings.SOKHAN_LOGIN_FAILURES,
                           what)


def succeeded(attempt: Attempt) -> None:
    """A complete login clears the user name's failures (not the address's: one account
    that works must not buy an address fresh guesses at the others)."""
    _on_the_counters(lambda cache: cache.delete(f"login-failures:{attempt.user_key}"))
