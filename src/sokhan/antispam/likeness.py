"""How alike two comments are, and the prints that alike comments share. Pure: no Django.

A flood repeats itself: the same message with a word changed, a link swapped, an Arabic
kaf for a Persian one, a few words added to slip past the duplicate rule. A moderator
marks one copy as spam; the next copies should go where it went without a moderator.

**Likeness** is the Jaccard index of two texts' *shingles*: every run of `SHINGLE`
characters of their words, read through the matching key (`sokhan.persian.normalise`:
letter forms unified, marks and invisible characters dropped, case folded) with
punctuation as a space. One word changed in forty leaves about nine shingles in ten
shared; two unrelated texts share next to none.

Comparing a new comment with every spam comment would be slow, so each text also gets
`BANDS` **prints** (MinHash, Broder 1997, with locality-sensitive banding): `ROWS` minimum
hashes of its shingles per band, hashed into one number. Two texts of likeness s share a
given band's print with probability s³, so at least one print with probability
1 − (1 − s³)⁸: 66 % at 0.5, 86 % at 0.6, 97 % at 0.7, and a flood has many copies.
(Sixteen bands of four rows find about as many, but a comment's prints are rows written
on every post: eight cost half as much.) The prints find the candidates; their likeness
is then computed exactly, so a shared print alone never decides anything.

>>> first = "Vote for the new party on Friday at the square, bring your friends with you"
>>> copy = "Vote for the new party on Friday at the SQUARE! Bring your neighbours with you"
>>> round(likeness(shingles(first), shingles(copy)), 2)
0.72
>>> bool(set(prints(first)) & set(prints(copy)))
True
>>> round(likeness(shingles(first), shingles("Thank you for publishing this statement")), 2)
0.01
"""

from __future__ import annotations

import hashlib
import re
import struct

from sokhan.persian.normalise import normalise

SHINGLE = 5
BANDS = 8
ROWS = 3
# A text of fewer shingles gets no prints: a short remark ("Thank you, well said") is
# written alike by many people, and a few shared shingles tell a copy from nothing.
MIN_SHINGLES = 24

# How prints are made, in a word: a site whose comments were printed another way prints
# them again at its next migrate (comments/searchkeys.py). Change it with any change here
# that changes a print.
MADE = f"one-permutation minhash, blake2b, {SHINGLE}/{BANDS}x{ROWS}/{MIN_SHINGLES}"

_HASHES = BANDS * ROWS
_WORD = re.compile(r"[^\W_]+")


def words(text: str) -> str:
    """The text as its words through the matching key, one space between them."""
    return " ".join(_WORD.findall(normalise(text)))


def shingles(text: str) -> frozenset[str]:
    """Every run of `SHINGLE` characters of the text's words (none for a shorter text)."""
    key = words(text)
    return frozenset(key[i:i + SHINGLE] for i in range(len(key) - SHINGLE + 1))


def likeness(first: frozenset[str], second: frozenset[str]) -> float:
    """The share of the two texts' shingles that both have: 1.0 the same, 0.0 nothing."""
    if not first or not second:
        return 0.0
    shared = len(first & second)
    return shared / (len(first) + len(second) - shared)


def prints(text: str) -> tuple[int, ...]:
    """`BANDS` numbers, each as a signed 64-bit integer (a database's BIGINT); none for a
    text of fewer than `MIN_SHINGLES` shingles. The same text, in any of the spellings the
    matching key unifies, gets the same prints on any machine."""
    return prints_of(shingles(text))


def prints_of(found: frozenset[str]) -> tuple[int, ...]:
    if len(found) < MIN_SHINGLES:
        return ()
    return tuple(_band_key(band, least) for band, least in enumerate(_bands(_minimums(found))))


def _minimums(found: frozenset[str]) -> list[int | None]:
    """One-permutation MinHash (Li, Owen and Zhang 2012): one hash per shingle, whose low
    bits choose one of `_HASHES` bins and whose other bits compete for that bin's
    minimum. A hash per shingle per bin, as plain MinHash has it, took ten times as long
    (90 ms for a comment of the longest length)."""
    least: list[int | None] = [None] * _HASHES
    for shingle in found:
        hashed = int.from_bytes(hashlib.blake2b(shingle.encode(), digest_size=8).digest(),
                                "little")
        slot, value = hashed % _HASHES, hashed // _HASHES
        seen = least[slot]
        if seen is None or value < seen:
            least[slot] = value
    return least


def _bands(least: list[int | None]) -> list[tuple[tuple[int, int], ...]]:
    """`BANDS` groups of `ROWS` bins. An empty bin (a short text leaves some of the 24)
    takes the next filled bin's minimum and its distance from it ("densification by
    rotation", Shrivastava and Li 2014): two texts then agree on it as often as on a
    filled bin, instead of every short text agreeing on its empty ones."""
    filled: list[tuple[int, int]] = []
    for slot in range(_HASHES):
        distance = 0
        while (value := least[(slot + distance) % _HASHES]) is None:
            distance += 1
        filled.append((value, distance))
    return [tuple(filled[band * ROWS:(band + 1) * ROWS]) for band in range(BANDS)]


def _band_key(band: int, rows: tuple[tuple[int, int], ...]) -> int:
    # The band's number goes in: the same minimums in two bands are not the same print.
    packed = struct.pack(f"<B{2 * ROWS}Q", band, *(n for row in rows for n in row))
    return int.from_bytes(hashlib.blake2b(packed, digest_size=8).digest(), "little",
                          signed=True)
