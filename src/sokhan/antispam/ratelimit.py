"""Counting per address hash in fixed windows, in Django's cache (Redis when configured)."""

from __future__ import annotations

import time

from django.core.cache import cache


def _key(kind: str, address_hash: str, window: int) -> str:
    return f"rate:{kind}:{address_hash[:32]}:{window}:{int(time.time() // window)}"


def count(kind: str, address_hash: str, window: int) -> int:
    return int(cache.get(_key(kind, address_hash, window), 0))


def hit(kind: str, address_hash: str, window: int) -> int:
    """Count one more; the new total in this window."""
    key = _key(kind, address_hash, window)
    if cache.add(key, 1, timeout=window + 1):
        return 1
    try:
        return int(cache.incr(key))
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window + 1)
        return 1
