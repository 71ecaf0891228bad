"""The number a comment is shown by: its database number, scrambled with a key.

Database numbers go up in the order comments are written, pending and spam ones too, and
pages show them (in each comment's address and anchor). Anyone who posts a comment learns
its number and the moment they posted it; posting one a minute, they could then place
every comment published later within a minute of its writing, where the page shows only
its day. The number shown is a keyed permutation of the database number instead: the same
for a comment for good, different for every comment, and in no order.

A Feistel network (Luby–Rackoff) over 58 bits (18 digits at most, as every id in an
address here), eight rounds of keyed BLAKE2b: a permutation whoever lacks the key cannot
invert or order, even knowing the numbers of comments of their own. Pure Python: the key
comes from the caller (comments/models.py makes it from the site's secret).
"""

from __future__ import annotations

from hashlib import blake2b

BITS = 58
_HALF = BITS // 2
_MASK = (1 << _HALF) - 1
_ROUNDS = 8


def shown(stored: int, key: bytes) -> int:
    """The number a comment whose database number is ``stored`` is shown by."""
    if not 0 <= stored < 1 << BITS:
        raise ValueError(f"{stored} is not a number of {BITS} bits")
    left, right = stored >> _HALF, stored & _MASK
    for step in range(_ROUNDS):
        left, right = right, left ^ _round(key, step, right)
    return left << _HALF | right


def stored(shown_number: int, key: bytes) -> int:
    """The database number of the comment shown as ``shown_number`` (`shown`'s inverse)."""
    if not 0 <= shown_number < 1 << BITS:
        raise ValueError(f"{shown_number} is not a number of {BITS} bits")
    left, right = shown_number >> _HALF, shown_number & _MASK
    for step in reversed(range(_ROUNDS)):
        left, right = right ^ _round(key, step, left), left
    return left << _HALF | right


def _round(key: bytes, step: int, half: int) -> int:
    digest = blake2b(bytes([step]) + half.to_bytes(4, "big"), key=key, digest_size=8)
    return int.from_bytes(digest.digest(), "big") & _MASK
