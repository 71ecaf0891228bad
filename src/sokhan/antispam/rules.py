"""Content rules for a comment. Pure: the caller passes the text and the limits."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from sokhan.antispam.verdict import ACCEPT, Reason, Verdict
from sokhan.persian.normalise import ZWNJ, normalise
from sokhan.textformat.lookalikes import AS_LATIN


def honeypot(value: str) -> Verdict:
    """People never see the field; whatever fills it is a program."""
    return Verdict.reject(Reason.HONEYPOT) if value.strip() else ACCEPT


def link_limit(link_count: int, most: int) -> Verdict:
    return Verdict.reject(Reason.TOO_MANY_LINKS) if link_count > most else ACCEPT


# Cyrillic and Greek letters drawn as Latin ones, read as those (textformat/lookalikes.py):
# a flood spells "cаsino" with a Cyrillic а, which no case folding or Unicode normalisation
# turns into an a (moderators' review). The same on both sides, so an entry in Russian
# still finds Russian text; a short Russian word may meet a Latin entry of the same look
# ("сор" is "cop"), which a moderator who lists short words should know
# (docs/moderators.md).
LOOKALIKES = AS_LATIN


def _key(text: str) -> str:
    """The text as the disallowed words are matched: normalised, look-alikes read alike.
    Before normalising, for capitals (case folding made "ВЕТ" "вeт", whose в looks like
    no Latin letter: review); after, for what normalising makes (𝛂 is α)."""
    return normalise(text.translate(LOOKALIKES)).translate(LOOKALIKES)


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
    for haystack in {_key(text), _key(text.replace(ZWNJ, " "))}:
        if pattern.search(haystack):
            return Verdict.reject(Reason.DISALLOWED_WORD)
    return ACCEPT


# A letter or digit of a word; a match may not have one on either side of it.
_WORD = r"[^\W_]"


@functools.lru_cache(maxsize=8)
def _pattern(words: tuple[str, ...]) -> re.Pattern[str] | None:
    """One regular expression for the whole list, compiled once per list (the list changes
    when a moderator edits it, which is rare). The entries that begin a word share one
    look-behind, so at most places in the text a single test fails at once instead of
    every entry being tried (1,000 entries over 10,000 characters: about 2 ms)."""
    at_word_starts, anywhere = [], []
    for compiled in filter(None, map(_entry, words)):
        bounded, expression = compiled
        (at_word_starts if bounded else anywhere).append(expression)
    alternatives = anywhere
    if at_word_starts:
        alternatives = [rf"(?<!{_WORD})(?:{'|'.join(at_word_starts)})", *anywhere]
    return re.compile("|".join(alternatives)) if alternatives else None


def entry_key(word: str) -> str:
    """What an entry matches, as one string: two entries with the same key refuse the same
    comments ("كثيف" and "کثیف", "Casino*" and "casino*", a half-space for a space)."""
    return " ".join(_key(word.replace(ZWNJ, " ")).split())


def entry_problem(word: str) -> str | None:
    """Why an entry cannot be used as written, for the moderator's form; None if it can."""
    key = _key(word.replace(ZWNJ, " "))
    if not key.replace("*", "").strip():
        return "nothing"
    if "*" in key.strip("*"):
        return "inner star"
    # A single letter, or a star beside one or two ("*a*", "کس*"), refuses nearly every
    # comment in the language: a typo that would turn a whole readership away.
    # (An entry of symbols alone, found anywhere as they are, is left to the moderator.)
    letters = len(re.findall(_WORD, key))
    if letters and (letters < 2 or ("*" in key and letters < 3)):
        return "too short"
    return None


def _entry(word: str) -> tuple[bool, str] | None:
    """Whether the entry must begin at a word's start, and its expression; None for one
    with nothing to match (empty, or stars only).

    A star counts only at the very start and the very end of the entry; anywhere else it
    is a star. So an expression has at most one run of letters that may grow on each
    side, and backtracks at most once over the text's word, whatever a moderator types:
    no list can make matching slow. An entry of symbols alone ("$$$", an emoji) is found
    anywhere, as a string of characters.
    """
    key = _key(word.replace(ZWNJ, " "))  # a ZWNJ in an entry joins parts like a space
    lead, trail = key.startswith("*"), key.endswith("*")
    core = key.strip("*").strip()
    if not core:
        return None
    if not re.search(_WORD, core):
        return False, re.escape(core)
    body = " ?".join(re.escape(part) for part in core.split(" "))
    letter_first, letter_last = re.match(_WORD, core), re.match(_WORD, core[-1])
    # A boundary only where the entry itself ends in a letter or digit (or a star):
    # ".xyz" is found in "spam.xyz".
    start = rf"{_WORD}*" if lead else ""
    end = rf"{_WORD}*+" if trail else (rf"(?!{_WORD})" if letter_last else "")
    return bool(lead or letter_first), start + body + end


def duplicate_key(text: str) -> str:
    """What makes two comments the same text: the normalised words."""
    return normalise(text)


def rate(count_so_far: int, most: int, reason: Reason) -> Verdict:
    return Verdict.reject(reason) if count_so_far >= most else ACCEPT
