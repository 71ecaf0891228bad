"""Host names that disguise themselves as others, shown as what they are. Pure: no Django.

"www.gооgle.com" with two Cyrillic o's, or the all-Cyrillic "раураl.com", is a working
address that reads as a famous one. Browsers defend against it by showing such a host in
its ASCII form (Punycode, "xn--…") in the address bar; a link's text would still show it
disguised. So a link's visible host follows, in a simplified form, the rules browsers
follow (Chromium's IDN display policy, after Unicode's UTS #39): a label is shown as
typed when its letters are of one script, unless that script is Cyrillic or Greek, whose
letters can spell Latin words, under a top-level domain of another script. Otherwise the
whole host is shown in Punycode. Persian, Arabic, Chinese or Hindi names keep their own
letters.

A letter's script is the first word of its Unicode name ("CYRILLIC SMALL LETTER O"), which
Python's unicodedata knows; digits, marks and joiners belong to every script. Han,
Hiragana and Katakana count as one script, as Japanese mixes them.
"""

from __future__ import annotations

import functools
import unicodedata

_JAPANESE = {"CJK": "HAN", "HIRAGANA": "HAN", "KATAKANA": "HAN"}
# Scripts whose letters alone can spell a Latin-looking word ("асе", "ορ").
_LATIN_LOOKALIKE_SCRIPTS = frozenset({"CYRILLIC", "GREEK"})


@functools.lru_cache(maxsize=4096)
def _script(character: str) -> str | None:
    """The character's script; None for digits, marks, joiners and hyphens, which
    belong to every script."""
    if unicodedata.category(character)[0] != "L":
        return None
    first = unicodedata.name(character, "UNKNOWN").split()[0]
    return _JAPANESE.get(first, first)


def _scripts(label: str) -> set[str]:
    return {script for character in set(label) if (script := _script(character))}


@functools.lru_cache(maxsize=1024)  # a comment's links, a page's comments: few hosts
def is_disguised(host: str) -> bool:
    """True if ``host`` should be shown in Punycode (see the module's note)."""
    if host.isascii():
        return False
    labels = [label for label in host.lower().split(".") if label]
    if not labels:
        return False
    top_level = _scripts(labels[-1])
    for label in labels:
        scripts = _scripts(label)
        if len(scripts) > 1:
            return True
        if scripts & _LATIN_LOOKALIKE_SCRIPTS and scripts != top_level:
            return True
    return False


def ascii_form(host: str) -> str:
    """The host with each non-ASCII label in Punycode ("xn--…"), as an address bar shows it.
    Lowercased first, as browsers map it (UTS #46)."""
    return ".".join(label if label.isascii() else "xn--" + label.encode("punycode").decode()
                    for label in unicodedata.normalize("NFKC", host).lower().split("."))


def as_shown(host: str) -> str:
    """What a link's text shows of ``host``: as typed, or its ASCII form if disguised."""
    return ascii_form(host) if is_disguised(host) else host
