"""Content rules for a comment. Pure: the caller passes the text and the limits."""

from __future__ import annotations

from collections.abc import Iterable

from sokhan.antispam.verdict import ACCEPT, Reason, Verdict
from sokhan.persian.normalise import normalise, squeeze


def honeypot(value: str) -> Verdict:
    """People never see the field; whatever fills it is a program."""
    return Verdict.reject(Reason.HONEYPOT) if value.strip() else ACCEPT


def link_limit(link_count: int, most: int) -> Verdict:
    return Verdict.reject(Reason.TOO_MANY_LINKS) if link_count > most else ACCEPT


def disallowed_words(text: str, words: Iterable[str]) -> Verdict:
    """A listed word or phrase anywhere in the text, after Persian/Arabic letter
    normalisation and case folding; ZWNJ, space or nothing between parts all match."""
    haystack = squeeze(text)
    for word in words:
        needle = squeeze(word)
        if needle and needle in haystack:
            return Verdict.reject(Reason.DISALLOWED_WORD)
    return ACCEPT


def duplicate_key(text: str) -> str:
    """What makes two comments the same text: the normalised words."""
    return normalise(text)


def rate(count_so_far: int, most: int, reason: Reason) -> Verdict:
    return Verdict.reject(reason) if count_so_far >= most else ACCEPT
