"""Which of the site's languages a piece of text is written in, judged by its letters.
Pure: no Django.

A comment on an English page may be written in Persian (and the other way round). Marked
with its language, a screen reader reads it with the right voice instead of spelling it out
in the page's (WCAG 3.1.2, language of parts). The site has two languages, so the letters
decide: mostly Arabic script is Persian here, mostly Latin is English.
"""

from __future__ import annotations

import functools
import re

# Arabic-script letters (Arabic, its Persian additions, the supplement and the
# presentation forms), without the digits and punctuation of those blocks; and Latin ones.
_ARABIC_RANGES = ((0x0620, 0x064A), (0x066E, 0x06D3), (0x06D5, 0x06D5), (0x06EE, 0x06EF),
                  (0x06FA, 0x06FF), (0x0750, 0x077F), (0xFB50, 0xFDFF), (0xFE70, 0xFEFC))
# Without × and ÷, which sit among the accented letters: "۵ × ۵ = ۲۵" is no English.
_LATIN_RANGES = ((0x41, 0x5A), (0x61, 0x7A), (0xC0, 0xD6), (0xD8, 0xF6), (0xF8, 0x24F))
# Counting by translation (in C) is several times faster than a regular expression's
# findall: every letter of a script becomes one marker character, counted after. The
# markers are control characters, which no comment holds (the format removes them); any
# that a text does hold become a third one, so that the marked text keeps its length and
# its words line up with the text's (_words).
_ARABIC_MARK, _LATIN_MARK, _OTHER_MARK = "\x01", "\x02", "\x03"
_MARKS = str.maketrans({
    **{chr(c): _ARABIC_MARK for start, end in _ARABIC_RANGES for c in range(start, end + 1)},
    **{chr(c): _LATIN_MARK for start, end in _LATIN_RANGES for c in range(start, end + 1)},
    _ARABIC_MARK: _OTHER_MARK, _LATIN_MARK: _OTHER_MARK})
_TAG = re.compile(r"<[^>]*>|&[a-z]+;|&#\w+;")


def _letters(ranges: tuple[tuple[int, int], ...]) -> re.Pattern[str]:
    return re.compile("[" + "".join(f"{chr(a)}-{chr(b)}" for a, b in ranges) + "]")


_ARABIC_LETTER, _LATIN_LETTER = _letters(_ARABIC_RANGES), _letters(_LATIN_RANGES)


def has_both_scripts(text: str) -> bool:
    """Whether ``text`` has letters of both scripts: only then can its parts differ in
    language. A search stops at the first letter found, and most comments hold one script,
    so this costs far less than counting (language_of)."""
    return bool(_ARABIC_LETTER.search(text)) and bool(_LATIN_LETTER.search(text))


def _address(word: str) -> bool:
    # Addresses are spelt out in any language: their letters say nothing of the words'.
    return "://" in word or "@" in word or word.startswith("www.")


def language_of(text: str) -> str | None:
    """"fa" when most letters are Arabic script, "en" when most are Latin, None for a tie
    (or no letters at all). Web and e-mail addresses are left out."""
    if "://" in text or "@" in text or "www." in text:
        text = " ".join(word for word in text.split() if not _address(word))
    marked = text.translate(_MARKS)
    arabic, latin = marked.count(_ARABIC_MARK), marked.count(_LATIN_MARK)
    if arabic == latin:
        return None
    return "fa" if arabic > latin else "en"


# Enough words to tell: a page renders dozens of comments, and their first line or two
# decide as well as all their words would (14 µs a comment here, against 100 µs for all).
SAMPLE = 240


def language_of_html(html: str) -> str | None:
    """The same for markup the site made itself (a comment's body), judged by its
    beginning: tags, addresses in them and entities are not words."""
    return _language_of_beginning(html[:SAMPLE * 2])


# A page rendered again (not from the page cache: a cold render, every page of a site
# that keeps none) judges the same comments again: their beginnings' readings are kept,
# as a comment's number is. 1,024 of 480 characters here and 960 below: about 3 MB.
@functools.lru_cache(maxsize=1024)
def _language_of_beginning(beginning: str) -> str | None:
    return language_of(_TAG.sub(" ", beginning)[:SAMPLE])


def direction_of(text: str) -> str:
    """What a piece of a comment's ``dir`` says: "auto" (its first letter's direction)
    when its letters are of one script; else the direction of its first word of one
    script, unless the other script has more than twice as many such words.

    "VPN‌ها این روزها کند شده‌اند" is a Persian sentence that begins with a Latin word, as
    Persian writing often does; "auto" laid it out left to right, its words in the wrong
    order (a Persian reader's review). Words, not letters: "لینک YouTube و Instagram" has
    more Latin letters than Persian ones, and is Persian; and the first word holds on to a
    near tie: 'او گفت "We shall overcome some day" و رفت' is a Persian sentence quoting
    an English one (the reviews of that change); and a word in quotation marks is first
    only when there is none outside them. Addresses, @names and #tags are no words of
    either language."""
    if not has_both_scripts(text):
        return "auto"
    # A quotation is the other writer's words: '«Woman, Life, Freedom» شعار ماست' is a
    # Persian sentence that begins by quoting an English slogan, and its first word made
    # it ltr. So the first word is looked for outside quotation marks, when there is one
    # there. Every word still counts against it: Persian quotes Persian in «» as often as
    # anyone else ("Apple گفت «قیمت‌ها بالا می‌رود»" is Persian), and an inch mark is no
    # quotation mark ('Samsung 27" مانیتور خوبی است ولی 32" بهتر است').
    sample = text[:SAMPLE]
    unquoted = _QUOTED.sub(" ", sample)
    first, counts = _words(sample)
    if unquoted != sample:
        first = _words(unquoted)[0] or first
    if not first:
        return "auto"
    other = "ltr" if first == "rtl" else "rtl"
    return other if counts[other] > 2 * counts[first] else first


# A quotation in Persian («»), English (“” and "") or Persian set by an English keyboard:
# not ' , which is an apostrophe as often as a quotation mark.
_QUOTED = re.compile(r'«[^«»]*»|“[^“”]*”|"[^"]*"')


def _words(text: str) -> tuple[str, dict[str, int]]:
    """The direction of the first word of one script ("" when no word is of one script),
    and how many words of one script each direction has."""
    first, counts = "", {"rtl": 0, "ltr": 0}
    # Each word is looked at in the marked text (above), whose words are the text's,
    # letter for letter: two substring tests instead of two regular expression searches
    # per word, 1.5x as fast (the Plain text bench's comments 5 % faster: this was a
    # seventh of their time). Only a text that may hold an address or a #tag has its
    # words themselves looked at.
    skipping = "://" in text or "@" in text or "www." in text or "#" in text or "＃" in text
    words = text.split() if skipping else None
    for index, marked in enumerate(text.translate(_MARKS).split()):
        in_arabic, in_latin = _ARABIC_MARK in marked, _LATIN_MARK in marked
        if in_arabic == in_latin:
            continue
        if words is not None and _no_word(words[index]):
            continue
        direction = "rtl" if in_arabic else "ltr"
        first = first or direction
        counts[direction] += 1
    return first, counts


def _no_word(word: str) -> bool:
    """Addresses, @names and #tags are no words of either language."""
    return _address(word) or word.lstrip(_OPENING).startswith(("#", "＃"))


_OPENING = "«\"'(“‘[{"  # what a #tag may stand inside: «#آزادی»


def direction_of_html(html: str) -> str:
    """The same for markup the site made itself, its links left out: they are laid out
    left to right on their own, whatever the words around them."""
    return _direction_of_beginning(html[:SAMPLE * 4])


@functools.lru_cache(maxsize=1024)  # as _language_of_beginning
def _direction_of_beginning(html: str) -> str:
    beginning = _CUT_TAG.sub(" ", html)  # a tag, or a link, cut in two
    # &quot; back to the quotation mark it stands for: a quotation is read as one (above).
    words = _TAG.sub(" ", _LINK.sub(" ", beginning).replace("&quot;", '"'))
    return direction_of(words)


_LINK = re.compile(r"<a\b[^>]*>[^<]*</a>")
_CUT_TAG = re.compile(r"<a\b[^>]*>[^<]*$|<[^>]*$")


def other_language(html: str, page_language: str) -> str:
    """The language of a part of a comment (its escaped subject, or its body's markup)
    when it is not the page's, else "": what its lang attribute says, wherever it is
    shown. Each part is judged on its own: an English subject over a Persian comment is
    read with an English voice."""
    language = language_of_html(html)
    return language if language and language != page_language else ""
