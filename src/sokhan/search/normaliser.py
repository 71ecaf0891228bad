"""Search keys: the words of a text as the index stores them, and a reader's query as the
index is asked. Pure: no Django import.

Both sides go through the same steps, so a query typed on an Arabic keyboard layout finds
Persian text and the reverse:

1. :func:`words` splits the ORIGINAL text into words and keeps each word's span, so a
   snippet can be cut from the original and the matched words marked there.
2. Each word is folded character by character (:func:`sokhan.persian.normalise.fold`):
   letter variants unified, harakat, tatweel and direction marks removed, digits made
   ASCII, case folded.
3. The zero-width non-joiner: "می‌خواهیم" is stored as the joined "میخواهیم" and as its
   parts "می" and "خواهیم"; a separable prefix or suffix written with a space ("می
   خواهیم", "کتاب ها") is also stored joined. A query asks for each word or its join with
   a neighbour, so the forms with ZWNJ, with a space and with nothing find each other.

Terms hold only letters and digits (``str.isalnum``), so both databases' tokenizers take
each term as one token: SQLite FTS5 and PostgreSQL's 'simple' parser agree.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from sokhan.persian.normalise import ZWNJ, fold, fold_as_alef, has_yeh_seat

# Which keys the index holds. Raise it with any change that gives an unchanged text other
# terms (a new spelling unified, say): the next migrate (`sokhan setup`, `sokhan serve`)
# then rebuilds the index, or statements indexed before would not be found by the new keys.
# 2: a hamza's seat before waw read as yeh ("مسئول" and "مسؤول" alike).
# 3: a text with a hamza's seat between consonants also filed read with it as alef, a
#    second run of terms ("هیئت", "هیأت" and "هیات" alike).
# 4: a hamza's seat before waw read as yeh also with a joiner or tatweel between ("مسؤ‌ول").
# (tests/search/test_index.py holds each version to a hash of the keys of every Arabic
# letter and pair, triples of the letters whose neighbours matter, and a few phrases, so a
# change to the keys without a new version fails there.)
KEYS_VERSION = 4

# Caps before any work on a reader's query (a 10 KB query costs no more than this).
MAX_QUERY_CHARACTERS = 1000
MAX_QUERY_WORDS = 32
# Longer "words" are noise (and PostgreSQL refuses to index words over 2 KB): both sides
# drop them.
MAX_TERM_LENGTH = 64

# Separable Persian affixes, often written with a space instead of ZWNJ; a word next to
# one is also stored joined with it. (Only ever an extra term: nothing is lost when one of
# these is a word of its own.)
PREFIXES = frozenset({"می", "نمی", "بی"})
SUFFIXES = frozenset({"ها", "های", "هایی", "هایم", "هایت", "هایش", "هایمان", "هایتان",
                      "هایشان", "تر", "ترین", "تری", "ام", "ای", "اش", "ات", "اند", "ایم",
                      "اید"})


def _word_pattern() -> re.Pattern[str]:
    """Runs of letters and numbers, with the marks and format controls (harakat, ZWNJ,
    direction marks) that may sit inside a word; everything else separates words. These
    are exactly the characters that fold() does not turn into a space by themselves.

    One character class (a bitmap for the regular expression engine) is much faster than
    an alternation. Characters beyond the Basic Multilingual Plane all count as word
    characters here; folding turns the ones that are not letters or digits into spaces.
    """
    ranges: list[list[int]] = []
    for code in range(0x10000):
        character = chr(code)
        category = unicodedata.category(character)
        if category[0] in "LNM" or category == "Cf":
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1][1] = code
            else:
                ranges.append([code, code])
    inner = "".join(f"\\u{first:04x}-\\u{last:04x}" for first, last in ranges)
    return re.compile(f"[{inner}\\U00010000-\\U0010ffff]+")


_WORD = _word_pattern()


@dataclass(frozen=True, slots=True)
class Word:
    """One word of a text: where it is in the original and its folded forms."""

    start: int
    end: int
    key: str  # folded, ZWNJ removed: "میخواهیم"
    parts: tuple[str, ...]  # the pieces between ZWNJs, when there are several
    # The key and parts with a hamza's seat between consonants read as alef, when they
    # differ: "هیات" for "هیئت" (persian/normalise.fold_as_alef); "" and () otherwise.
    other: str = ""
    other_parts: tuple[str, ...] = ()

    @property
    def terms(self) -> tuple[str, ...]:
        return (self.key, *self.parts, *((self.other,) if self.other else ()),
                *self.other_parts)


def _keys(folded: str) -> Iterator[tuple[str, tuple[str, ...]]]:
    """(key, parts) for each word of already folded text."""
    for chunk in folded.split():
        if ZWNJ in chunk:
            parts = tuple(part for part in chunk.split(ZWNJ) if part)
            key = "".join(parts)
            if len(parts) < 2:
                parts = ()
        else:
            key, parts = chunk, ()
        if key and len(key) <= MAX_TERM_LENGTH:
            yield key, parts


Keys = tuple[str, tuple[str, ...], str, tuple[str, ...]]


def _keys_and_others(folded: str, other: str) -> Iterator[Keys]:
    """(key, parts, and the two read with the seat as alef, or "" and () when the same)
    for each word of already folded text; ``other``, the same text folded by
    fold_as_alef, which differs from it only in a letter here and there (never in a space
    or a ZWNJ)."""
    if other == folded:
        for key, parts in _keys(folded):
            yield key, parts, "", ()
        return
    for (key, parts), (other_key, other_parts) in zip(_keys(folded), _keys(other),
                                                      strict=True):
        yield (key, parts, other_key if other_key != key else "",
               other_parts if other_parts != parts else ())


def _other(text: str, folded: str) -> str:
    return fold_as_alef(text) if has_yeh_seat(text) else folded


def words(text: str) -> Iterator[Word]:
    """The words of ``text`` with their spans in it. A word whose folded form breaks
    apart (a ligature such as "ﷺ") gives several words with the same span."""
    for found in _WORD.finditer(text):
        word, start = found.group(), found.start()
        folded = fold(word)
        other = _other(word, folded)
        if len(folded) == len(word) and not word.translate(_MISALIGNED):
            # Each character folded to one: each piece gets its own span, without a symbol
            # folded to a space ("free៰"), as marked_spans' fast path reads them.
            for chunk in _CHUNK.finditer(folded):
                for keys in _keys_and_others(chunk.group(), other[chunk.start():chunk.end()]):
                    yield Word(start + chunk.start(), start + chunk.end(), *keys)
        else:
            for keys in _keys_and_others(folded, other):
                yield Word(start, found.end(), *keys)


def is_persian(term: str) -> bool:
    """Arabic script (Persian, Arabic, Urdu…): where ZWNJ and joined forms matter."""
    return "\u0600" <= term[0] <= "\u08ff"


def _joinable(left: str, right: str) -> bool:
    return (is_persian(left) and is_persian(right)
            and len(left) + len(right) <= MAX_TERM_LENGTH)


def index_terms(text: str) -> list[str]:
    """The terms the index stores for ``text``, in order.

    fold() works per character and turns every separator into a space, so folding the
    whole text and splitting it gives the same words as :func:`words`, only faster.
    """
    folded = fold(text)
    return _terms(folded, _other(text, folded))


def readings(text: str) -> list[str]:
    """``text``'s terms as one string for each way its hamza's seats are read (one, for
    nearly every text): what a run of terms in the index is compared with (the admin's
    search): index_key() keeps each of them, one after the other."""
    folded = fold(text)
    return [" ".join(_run(each)) for each in dict.fromkeys((folded, _other(text, folded)))]


def _terms(folded: str, other: str) -> list[str]:
    """The terms of the text read with a hamza's seat as yeh, then, when that differs, all
    of them again read with it as alef: each reading a run of its own, as the admin's
    search looks for typed words (a review: with each word's alef reading beside it,
    "هیات مدیره" typed found no "هیئت مدیره"). Only texts with such a seat hold both."""
    return _run(folded) if other == folded else _run(folded) + _run(other)


def _run(folded: str) -> list[str]:
    terms: list[str] = []
    previous = ""
    for key, parts in _keys(folded):
        if previous and (previous in PREFIXES or key in SUFFIXES) and _joinable(previous, key):
            terms.append(previous + key)
        terms.append(key)
        terms.extend(parts)
        previous = key
    return terms


def index_key(text: str) -> str:
    """What an index column holds: the terms, separated by spaces."""
    return " ".join(index_terms(text))


# An alternative is a set of terms that must all be present; a group matches when any of
# its alternatives does; a query matches when every group does.
Alternative = tuple[str, ...]
Group = tuple[Alternative, ...]


@dataclass(frozen=True)
class Query:
    """A reader's query, ready for a backend to turn into its own syntax."""

    groups: tuple[Group, ...]

    def __bool__(self) -> bool:
        return bool(self.groups)

    @property
    def terms(self) -> frozenset[str]:
        """Every term any alternative asks for (used to mark words in snippets)."""
        return frozenset(term for group in self.groups for alternative in group
                         for term in alternative)


def parse_query(text: str) -> Query:
    """A reader's text as a :class:`Query`. Every character is data: quotes, operators
    (AND, OR, NOT, NEAR), ``*``, ``^``, ``:`` and ``-`` are only separators or words, so no
    input can make a query the database cannot parse."""
    found = list(words(text[:MAX_QUERY_CHARACTERS]))[:MAX_QUERY_WORDS]
    groups: list[Group] = []
    for index, word in enumerate(found):
        alternatives: list[Alternative] = [(word.key,)]
        if word.other:  # "هیئت" finds "هیأت" and "هیات" too
            alternatives.append((word.other,))
        if word.parts:
            alternatives.append(word.parts)
        if word.other_parts:
            alternatives.append(word.other_parts)
        for left, right in ((found[index - 1] if index else None, word),
                            (word, found[index + 1] if index + 1 < len(found) else None)):
            if left is not None and right is not None and _joinable(left.key, right.key):
                alternatives += [(one + two,) for one in (left.key, left.other) if one
                                 for two in (right.key, right.other) if two]
        group = tuple(dict.fromkeys(alternatives))
        if group not in groups:
            groups.append(group)
    return Query(tuple(groups))


class _Misaligned(dict[int, str | None]):
    """A str.translate table that deletes every character folding to exactly one
    character: what is left of a text are the characters that shift positions."""

    def __missing__(self, code: int) -> str | None:
        value = None if len(fold(chr(code))) == 1 else "x"
        if code < 0x10000:
            self[code] = value
        return value


_MISALIGNED = _Misaligned()
_CHUNK = re.compile(r"\S+")


def marked_spans(text: str, query: Query) -> list[tuple[int, int]]:
    """Where in ``text`` the query matches, for highlighting: words whose key or ZWNJ
    part is a query term, and both words of a pair whose join is one. Sorted, distinct."""
    wanted = query.terms
    folded = fold(text)
    other = _other(text, folded)  # a hamza's seat read as alef: "هیئت" found by "هیات"
    # Every match (a word, a ZWNJ part, two words joined) is a substring of the text
    # folded with its spaces and ZWNJs taken out: when none is, nothing needs a closer look
    # (text matched only by its title or names, the slices of a long text without a match).
    squeezed = {"".join(each.split()).replace(ZWNJ, "") for each in {folded, other}}
    if not any(term in each for term in wanted for each in squeezed):
        return []
    if not text.translate(_MISALIGNED) and len(folded) == len(text):
        # Each character folded to one (no harakat, ligatures or direction marks; the
        # length compared too, as a guard should a rule of fold() ever read context): a
        # position in the folded text is the same position in the text, and the words
        # can be read off the folded text without folding each again.
        if other == folded:  # no hamza's seat read otherwise: each word is its own other
            found = ((match.span(), match.group(), match.group())
                     for match in _CHUNK.finditer(folded))
        else:
            found = ((match.span(), match.group(), other[match.start():match.end()])
                     for match in _CHUNK.finditer(folded))
    else:
        found = (((word.start, word.end), _chunk(word.key, word.parts),
                  _chunk(word.other or word.key, word.other_parts or word.parts))
                 for word in words(text))
    # Plain loops and set lookups: this runs once for every word of a result's text, and
    # any() over generators cost more than the lookups themselves.
    spans: list[tuple[int, int]] = []
    previous_keys: tuple[str, ...] = ()
    previous_span = (0, 0)
    for span, chunk, other_chunk in found:
        if ZWNJ in chunk:
            key, parts = _key_and_parts(chunk)
        else:
            key, parts = chunk, []
        if not key or len(key) > MAX_TERM_LENGTH:
            continue
        if other_chunk == chunk:
            alef = ""
            keys: tuple[str, ...] = (key,)
        else:
            alef, alef_parts = _key_and_parts(other_chunk)
            keys = (key, alef) if alef else (key,)
            parts = parts + alef_parts
        for one in previous_keys:
            if one + key in wanted or (alef and one + alef in wanted):
                spans += (previous_span, span)
                break
        else:
            if key in wanted or (alef and alef in wanted) or (
                    parts and not wanted.isdisjoint(parts)):
                spans.append(span)
        previous_keys, previous_span = keys, span
    return sorted(set(spans))


def _chunk(key: str, parts: tuple[str, ...]) -> str:
    return ZWNJ.join(parts) if parts else key


def _key_and_parts(chunk: str) -> tuple[str, list[str]]:
    if ZWNJ not in chunk:
        return chunk, []
    parts = [part for part in chunk.split(ZWNJ) if part]
    return "".join(parts), parts
