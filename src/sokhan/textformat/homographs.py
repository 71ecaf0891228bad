"""Host names that disguise themselves as others, shown as what they are. Pure: no Django.

"www.gооgle.com" with two Cyrillic o's, or the all-Cyrillic "ѕсоре.com", is a working
address that reads as a famous one. Browsers defend against it by showing such a host in
its ASCII form (Punycode, "xn--…") in the address bar; a link's text would still show it
disguised. So a link's visible host follows a simplified form of the rules browsers
follow (Chromium's IDN display policy, after Unicode's UTS #39). The host is shown in
Punycode when a label

- mixes scripts: letters (and non-ASCII digits, such as the Arabic-Indic ٥ that passes for
  an o) of more than one script, where Latin may stand beside Chinese, Japanese or Korean,
  and Han, Hiragana and Katakana count as one, as those languages write them; or
- is spelt only with the Cyrillic or Greek letters that look Latin ("ѕсоре"), under a
  top-level domain of another script; or
- is Latin and passes for plain ASCII: it holds a letter no modern language writes with,
  which Unicode keeps for phonetics ("ɡoogle.com" with the IPA's script g, "ɑpple.com",
  small capitals, the long s that reads as f), or its only letters outside ASCII are
  ASCII ones without a dot (ı, ȷ) or with one dot added ("ġoogle.com", "ọ"). Browsers
  catch the second kind by comparing the host with a list of famous ones; without that
  list, a Polish "żubr.pl", a Turkish "kapı.com.tr" or a Yoruba "ẹkọ.ng" is shown in
  Punycode too: the safe side.

Every other host is shown as typed: Persian, Arabic, Russian ("пример.ru"), Greek
("ελλάδα.gr"), Japanese ("ソニー.jp") or German ("bücher.de") names keep their letters.
A character's script is read from its Unicode name ("CYRILLIC SMALL LETTER O"), which
Python's unicodedata knows; the Scripts property itself is not in the standard library.
"""

from __future__ import annotations

import functools
import unicodedata

from sokhan.textformat import lookalikes

# Name prefixes → one script. The CJK scripts are one, as Japanese and Chinese mix them.
_SCRIPT_OF_PREFIX = {"CJK": "HAN", "HIRAGANA": "HAN", "KATAKANA": "HAN",
                     "KATAKANA-HIRAGANA": "HAN", "IDEOGRAPHIC": "HAN", "BOPOMOFO": "HAN",
                     "ARABIC-INDIC": "ARABIC", "EXTENDED": "ARABIC"}
_WIDTH_PREFIXES = {"HALFWIDTH", "FULLWIDTH"}
_EAST_ASIAN = frozenset({"HAN", "HANGUL"})
# The letters of each script that pass for Latin ones (lookalikes.py).
_LATIN_LOOKALIKES = {script: frozenset(letters) for script, letters in lookalikes.LOWER.items()}


@functools.lru_cache(maxsize=4096)
def _script(character: str) -> str | None:
    """The character's script; None for what belongs to every script (ASCII digits,
    marks, joiners, hyphens)."""
    category = unicodedata.category(character)
    if category[0] != "L" and not (category == "Nd" and not character.isascii()):
        return None
    words = unicodedata.name(character, "UNKNOWN").split()
    first = words[1] if words[0] in _WIDTH_PREFIXES and len(words) > 1 else words[0]
    return _SCRIPT_OF_PREFIX.get(first, first)


def _scripts(label: str) -> set[str]:
    return {script for character in set(label) if (script := _script(character))}


def _mixed(scripts: set[str]) -> bool:
    if scripts & _EAST_ASIAN:
        scripts = scripts - {"LATIN"}
        return not scripts <= _EAST_ASIAN
    return len(scripts) > 1


def _passes_for_latin(label: str, scripts: set[str]) -> bool:
    (script,) = scripts
    lookalikes = _LATIN_LOOKALIKES.get(script)
    letters = [character for character in label if unicodedata.category(character)[0] == "L"]
    return bool(lookalikes and letters) and all(letter in lookalikes for letter in letters)


# Letters of the phonetic blocks that African alphabets write with (Hausa ɓ ɗ, Ewe and
# Akan ɔ ɛ ɖ ɣ ʋ, Fula ɲ, Pan-Nigerian ə, ʃ ʒ): kept as typed. The rest pass for Latin.
_WRITTEN_PHONETIC = frozenset("ɓɔɖɗəɛɣɲʋʃʒ")
_PHONETIC_BLOCKS = ((0x0250, 0x02AF), (0x1D00, 0x1DBF), (0xA720, 0xA7FF), (0xAB30, 0xAB6F))
_PHONETIC_LETTERS = frozenset("ſĸȷ")  # long s, kra, dotless j: not in any modern spelling
_DOTLESS = frozenset("ı")
_DOTS = frozenset({"\u0307", "\u0323"})  # combining dot above, dot below


def _phonetic(letter: str) -> bool:
    if letter in _PHONETIC_LETTERS:
        return True
    code = ord(letter)
    return (letter not in _WRITTEN_PHONETIC
            and any(first <= code <= last for first, last in _PHONETIC_BLOCKS))


def _ascii_with_a_dot(letter: str) -> bool:
    if letter in _DOTLESS:
        return True
    base, *marks = unicodedata.normalize("NFD", letter)
    return base.isascii() and bool(marks) and set(marks) <= _DOTS


def _passes_for_ascii(label: str) -> bool:
    # Composed first: "g" + a combining dot is "ġ". An "i" + a dot has no composed form,
    # so a dot standing alone counts as what it adds to the ASCII letter before it.
    beyond = [c for c in unicodedata.normalize("NFC", label) if not c.isascii()]
    if any(_phonetic(c) for c in beyond if unicodedata.category(c)[0] == "L"):
        return True
    return bool(beyond) and all(c in _DOTS or _ascii_with_a_dot(c) for c in beyond)


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
        if _mixed(scripts):
            return True
        if len(scripts) == 1 and scripts != top_level and _passes_for_latin(label, scripts):
            return True
        if scripts == {"LATIN"} and _passes_for_ascii(label):
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
