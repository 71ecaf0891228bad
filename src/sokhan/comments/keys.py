"""The rotating keys behind address hashes, kept in the database so every process agrees."""

from __future__ import annotations

import secrets
from datetime import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone

from sokhan.comments import address
from sokhan.comments.models import AddressKey, Block, Comment

_cache: dict[int, bytes] = {}


def current_period(now: datetime | None = None) -> int:
    return address.period_of(now or timezone.now(), settings.SOKHAN_ADDRESS_KEY_DAYS)


def key_for(period: int, *, create: bool = True) -> bytes | None:
    if period in _cache:
        return _cache[period]
    row = AddressKey.objects.filter(period=period).first()
    if row is None and create:
        try:
            with transaction.atomic():
                row = AddressKey.objects.create(period=period, key=secrets.token_hex(32))
        except IntegrityError:  # another process made it first
            row = AddressKey.objects.get(period=period)
    if row is None:
        return None
    _cache[period] = bytes.fromhex(row.key)
    return _cache[period]


def client_address(request: HttpRequest) -> str:
    header = settings.SOKHAN_CLIENT_IP_HEADER
    if header:
        forwarded = request.headers.get(header, "")
        if forwarded:
            # The last of a list (X-Forwarded-For): the one the proxy in front of Sokhan
            # added. The first is whatever the client sent, so each request could have
            # been counted as another address's (an operator's review).
            return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")


def hash_request(request: HttpRequest, period: int | None = None) -> tuple[str, int]:
    """The visitor's address hash in ``period`` (default: now), and that period."""
    period = current_period() if period is None else period
    key = key_for(period)
    assert key is not None
    return address.address_hash(key, client_address(request)), period


# Rate limits count by address hash, and the hash changes when the key period turns: for
# as long as a rate window reaches back (an hour, and a slice: antispam/ratelimit.py), what
# an address did under the previous key must still count, or the turn would wipe its limits.
RATE_MEMORY_SECONDS = 3600 + 600


def earlier_hash(request: HttpRequest, period: int, now: datetime | None = None) -> str | None:
    """The visitor's hash under the previous key, while the current period is younger than
    RATE_MEMORY_SECONDS; None the rest of the time (nearly always)."""
    started = address.period_start(period, settings.SOKHAN_ADDRESS_KEY_DAYS)
    if (now or timezone.now()).timestamp() - started >= RATE_MEMORY_SECONDS:
        return None
    key = key_for(period - 1, create=False)
    return None if key is None else address.address_hash(key, client_address(request))


# Hashes blanked per UPDATE, each its own short write: one UPDATE of 400,000 comments (the
# first run after the upgrade that brought this) held SQLite's write lock for 23 s.
HASHES_PER_WRITE = 2000


def forget_old_keys(now: datetime | None = None, *, most_hashes: int | None = None) -> int:
    """Delete keys no longer needed (older than the previous period and no active block
    made with them), and the hashes of comments older than the previous period. Returns
    how many keys were deleted."""
    now = now or timezone.now()
    keep_from = current_period(now) - 1
    blocked = Block.objects.in_force(now).filter(
        kind=Block.Kind.ADDRESS, period__isnull=False).values_list("period", flat=True)
    needed = set(blocked)
    stale = [row.period for row in AddressKey.objects.filter(period__lt=keep_from)
             if row.period not in needed]
    AddressKey.objects.filter(period__in=stale).delete()
    # Nor do comments keep a hash past the previous period: a key kept for one block would
    # let whoever holds the database reverse every other commenter's hash of its period
    # (2³² HMACs). The block holds the one hash it needs. ``most_hashes``: at most so
    # many in this call (a commenter's request runs it); the rest at the next.
    old = Comment.objects.filter(address_period__lt=keep_from, address_hash__gt="")
    blanked = 0
    while most_hashes is None or blanked < most_hashes:
        batch = HASHES_PER_WRITE if most_hashes is None else min(HASHES_PER_WRITE,
                                                                  most_hashes - blanked)
        ids = list(old.values_list("pk", flat=True)[:batch])
        if not ids:
            break
        blanked += Comment.objects.filter(pk__in=ids).update(address_hash="")
    for period in stale:
        _cache.pop(period, None)
    return len(stale)
