"""The mark that lets a signed-in member of staff past the page caches, and nobody else.

Staff must reach Django: they preview drafts at addresses whose readers' copy is a 404,
and what they are shown must never be kept for readers. The caches used to let anyone past
who sent a cookie named like Django's session cookie; a session cookie cannot be checked
without the database, so a flood that sent ``sessionid=anything`` had every page rendered
(about 15 times the work of a kept page; docs/security.md).

So signing in also sets this cookie: an expiry and an HMAC of it with the site's secret.
The WSGI layer checks it in a microsecond, with no database, and lets only a valid one
past; a forged or expired one is served the readers' copy. It grants nothing else: the
pages behind it still ask Django who the visitor is. It cannot be revoked (the layer
does not ask the database), so it lives only an hour (``LIFETIME``) and is made again
while staff keep working: a copy taken, or kept after signing out, soon stops working. nginx and CDNs skip their cache for
any cookie of this name (they cannot check it), which costs a forger nothing but a trip to
the app server's memory.

No Django import: the WSGI layer reads it before Django runs.
"""

from __future__ import annotations

import hashlib
import hmac
import time

NAME = "sokhanstaff"
LIFETIME = 3600  # seconds; made again when less than half is left
_PURPOSE = b"sokhan.pagecache.staffmark:"


def _signature(key: bytes, expires: int) -> str:
    return hmac.new(key, _PURPOSE + str(expires).encode(), hashlib.sha256).hexdigest()[:32]


def make(key: bytes, lifetime: int, now: float | None = None) -> str:
    """A mark that is valid for ``lifetime`` seconds."""
    expires = int(now if now is not None else time.time()) + lifetime
    return f"{expires}.{_signature(key, expires)}"


def valid(key: bytes, mark: str, now: float | None = None) -> bool:
    return left(key, mark, now) > 0


def left(key: bytes, mark: str, now: float | None = None) -> float:
    """Seconds a mark has left; 0 for one that is expired, forged or not a mark at all."""
    expires, _, signature = mark.partition(".")
    if not expires.isascii() or not expires.isdigit() or len(expires) > 12:
        return 0
    remaining = int(expires) - (now if now is not None else time.time())
    # Longer than a mark is made for: one made before marks lived an hour; refused, so that
    # staff get a new one and an old copy stops working.
    if not 0 < remaining <= LIFETIME or not hmac.compare_digest(
            signature, _signature(key, int(expires))):
        return 0
    return remaining


def from_header(cookie_header: str) -> str:
    """The mark in a Cookie header, or ""."""
    if NAME not in cookie_header:  # nearly every request: no parsing
        return ""
    # By hand, in one pass: http.cookies has been slow on hostile headers.
    for pair in cookie_header.split(";"):
        name, _, value = pair.strip().partition("=")
        if name == NAME:
            return value
    return ""


def carried(key: bytes, cookie_header: str, now: float | None = None) -> bool:
    """Whether a request with this Cookie header carries a valid mark."""
    mark = from_header(cookie_header)
    return bool(mark) and valid(key, mark, now)
