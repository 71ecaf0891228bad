"""Content rules for a comment. Pure: the caller passes the text and the limits."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from sokhan.antispam.verdict import ACCEPT, Reason, Verdict
from sokhan.persian.normalise import ZWNJ, normalise


def honeypot(value: str) -> Verdict:
    """People never see the field; whatever fills it is a program."""
    return Verdict.reject(Reason.HONEYPOT) if value.strip() else ACCEPT


def link_limit(link_count: int, most: int) -> Verdict:
    return Verdict.reject(Reason.TOO_MANY_LINKS) if link_count > most else ACCEPT


def disallowed_words(text: str, words: Iterable[str]) -> Verdict:
    """A listed word or phrase in the text, as whole words, after Persian/Arabic letter
    normalisation and case folding.

    The parts of a phrase may be joined by a space, a ZWNJ or nothing ("cheap pills" also
    finds "cheappills"). A ``*`` stands for any letters within a word: "casino*" finds
    "casinos", "*casino*" finds it inside any word. Without a star "sex" does not refuse
    "Essex": a short word on the list no longer turns away harmless comments.

    A ZWNJ also ends a word, as Persian writes "کثیف‌تر" (dirtier), "کتاب‌ها" (books):
    "کثیف" is found in the first, and "میخواهیم" still finds "می‌خواهیم".
    """
    pattern = _pattern(tuple(words))
    if pattern is None:
        return ACCEPT
    for haystack in {normalise(text), normalise(text.replace(ZWNJ, " "))}:
        if pattern.search(haystack):
            return Verdict.reject(Reason.DISALLOWED_WORD)
    return ACCEPT


# A letter or digit of a word; a match may not have one on either side of it.
_WORD = r"[^\W_]"


@functools.lru_cache(maxsize=8)
def _pattern(words: tuple[str, ...]) -> re.Pattern[str] | None:
    """One regular expression for the whole list, compiled once per list (the list changes
    when a moderator edits it, which is rare)."""
    alternatives = [part for part in map(_entry, words) if part]
    return re.compile("|".join(alternatives)) if alternatives else None


def entry_problem(word: str) -> str | None:
    """Why an entry cannot be used as written, for the moderator's form; None if it can."""
    key = normalise(word)
    if not re.search(_WORD, key):
        return "nothing"
    if any("*" in part.strip("*") for part in key.split(" ")):
        return "inner star"
    return None


def _entry(word: str) -> str:
    """An entry's expression, or "" for one with nothing to match (empty, or stars only).

    Stars count only at the start and end of a word; one inside a word is taken as it is.
    So each word's expression backtracks at most once over the text's word, whatever a
    moderator types: a list can never make matching slow.
    """
    key = normalise(word.replace(ZWNJ, " "))  # a ZWNJ in an entry joins parts like a space
    if not re.search(_WORD, key):
        return ""
    body = " ?".join(map(_part, key.split(" ")))
    # A boundary only where the entry itself ends in a letter, digit or star: ".xyz" is
    # found in "spam.xyz".
    start = rf"(?<!{_WORD})" if re.match(_WORD, key) or key[0] == "*" else ""
    end = rf"(?!{_WORD})" if re.match(_WORD, key[-1]) or key[-1] == "*" else ""
    return f"(?:{start}{body}{end})"


def _part(part: str) -> str:
    core = part.strip("*")
    lead = rf"{_WORD}*" if part.startswith("*") and core else ""
    trail = rf"{_WORD}*" if part.endswith("*") and core else ""
    return lead + re.escape(core) + trail


def duplicate_key(text: str) -> str:
    """What makes two comments the same text: the normalised words."""
    return normalise(text)


def rate(count_so_far: int, most: int, reason: Reason) -> Verdict:
    return Verdict.reject(reason) if count_so_far >= most else ACCEPT
