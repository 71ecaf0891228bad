"""One key for text that Persian and Arabic keyboards spell differently. Pure: no Django.

Used wherever Sokhan matches words (the disallowed-words list, duplicates, search): the
stored text is never rewritten, only compared through this key. Comments keep theirs for
the moderators' search (Comment.search_key): after a change here, `sokhan reindex` keys
them again.
"""

from __future__ import annotations

import re
import unicodedata

from sokhan.persian.dates import latin_digits

# Yeh and kaf as Arabic keyboards type them, and the Persian letters.
_ARABIC_FORMS = {"ي": "ی", "ى": "ی", "ك": "ک"}
_TABLE = str.maketrans({
    **_ARABIC_FORMS, "ئ": "ی", "ة": "ه", "ۀ": "ه", "ە": "ه",
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ؤ": "و",
    # Forms of Urdu, Sindhi and decorative fonts that spammers use to slip past a list:
    # swash kaf, goal and heh doachashmee, and alefs with wavy hamza.
    "ڪ": "ک", "ۃ": "ه", "ہ": "ه", "ھ": "ه", "ٲ": "ا", "ٳ": "ا", "ٵ": "ا",
    **{chr(0x06F0 + d): str(d) for d in range(10)},  # Persian digits
    **{chr(0x0660 + d): str(d) for d in range(10)},  # Arabic-Indic digits
    "،": " ", "؛": " ", "؟": " ", "٪": " ", "«": " ", "»": " ", "۔": " ",
})


def _invisible() -> str:
    """Every format control (Unicode category Cf: soft hyphen, zero-width space and joiner,
    word joiner, direction marks, byte-order mark, tags...), the combining grapheme joiner
    and the variation selectors: a reader sees none of them, so "cas\u200bino" must be
    "casino" to the disallowed-words list. Found once, over the planes that hold them."""
    planes = [*range(0x10000), *range(0x110B0, 0x110D0), *range(0x13430, 0x13460),
              *range(0x1BCA0, 0x1BCA4), *range(0x1D173, 0x1D17B), *range(0xE0000, 0xE0080)]
    found = [chr(c) for c in planes if unicodedata.category(chr(c)) == "Cf"]
    found += ["\u034F", *map(chr, range(0xFE00, 0xFE10)), *map(chr, range(0xE0100, 0xE01F0))]
    return _as_ranges(found)


def _as_ranges(characters: list[str]) -> str:
    """A character class's inside, runs of neighbouring code points written as ranges:
    443 characters one by one made the class a list that `re` searched for every
    character of the text (7 ms for a comment of 10,000 characters; 27 ranges: 0.2 ms)."""
    runs: list[list[int]] = []
    for point in sorted(set(map(ord, characters))):
        if runs and point == runs[-1][1] + 1:
            runs[-1][1] = point
        else:
            runs.append([point, point])
    return "".join(re.escape(chr(low)) + (f"-{re.escape(chr(high))}" if high > low else "")
                   for low, high in runs)


# Harakat, superscript alef, hamza marks, tatweel, and everything invisible (with the
# direction and joining marks).
_REMOVED = f"\u064B-\u065F\u0670\u0654\u0655\u0640{_invisible()}"
_REMOVE = re.compile(f"[{_REMOVED}]")
_ZWNJ = "\u200c"
# A hamza's seat before waw, which Persian usage writes as yeh ("مسئول", "رئوف", "شئون")
# and Arabic usage as waw ("مسؤول", "رؤوف", "شؤون"): the waw seat is read as the yeh, so
# both share a key (ی, as _TABLE reads ئ). One letter for one, so a position in the text
# stays a position in fold()'s output, as search's snippets need. (Dropping the seat
# instead would also unify "سئوال" with "سوال", but make "رئوس", heads, the key of
# "روس", Russia.)
# What the key removes may stand between them: "ؤ‌و", a joiner typed after the seat, was
# "وو", and "ؤو" "یو" (mutation testing found the property test failing on it).
_WAW_SEAT_BEFORE_WAW = re.compile(f"ؤ(?=[{_REMOVED}]*و)")
_DECOMPOSED_WAW_SEAT = re.compile(f"و(?=\u0654[{_REMOVED}]*و)")


def _seat_read_as_yeh(text: str) -> str:
    if "ؤ" not in text and "\u0654" not in text:
        return text
    return _DECOMPOSED_WAW_SEAT.sub("ی", _WAW_SEAT_BEFORE_WAW.sub("ئ", text))



_PERSIAN_LETTERS = str.maketrans(_ARABIC_FORMS)


def persian_letters(text: str) -> str:
    """Arabic yeh and kaf, as Arabic keyboards type them, as the Persian letters: nothing
    else changes (an address keeps its digits, marks and spaces)."""
    return text.translate(_PERSIAN_LETTERS)


_ARABIC_LETTERS = str.maketrans({"ی": "ي", "ک": "ك"})


def arabic_letters(text: str) -> str:
    """The Persian yeh and kaf as an Arabic keyboard types them, the way back from
    `persian_letters` for an address made so (an archive imported from an older site):
    nothing else changes."""
    return text.translate(_ARABIC_LETTERS)


_PERSIAN_KEYBOARD = str.maketrans({**_ARABIC_FORMS, **{str(d): chr(0x06F0 + d)
                                                       for d in range(10)},
                                   **{chr(0x0660 + d): chr(0x06F0 + d) for d in range(10)}})
_ARABIC_KEYBOARD = str.maketrans({"ی": "ي", "ک": "ك", **{str(d): chr(0x0660 + d)
                                                        for d in range(10)},
                                  **{chr(0x06F0 + d): chr(0x0660 + d) for d in range(10)}})
# Words whose parts Persian writes with a zero-width non-joiner, which many type as
# nothing at all: the verb prefix mi-/nemi- and the plural -ha(ye).
_JOINED = re.compile(r"^(ن?می)(?=\w{2})|(?<=\w{2})(ها(?:ی|یی)?)$")


def spellings(text: str) -> set[str]:
    """The ways people on either keyboard may have stored ``text`` (for searches that
    compare letters as stored, such as the admin's): as typed; with Persian yeh, kaf and
    digits; with Arabic ones; with Latin digits; a word typed without its zero-width
    non-joiner ("میشوند") with it ("می‌شوند"), or the other way round; and a hamza's seat
    before waw as the other usage writes it ("مسئول", "مسؤول")."""
    text = text.strip()
    typed = {text, text.replace(_ZWNJ, "")}
    if _ZWNJ not in text and " " not in text:
        typed.add(_JOINED.sub(lambda m: (m.group(1) + _ZWNJ) if m.group(1)
                              else (_ZWNJ + m.group(2)), text))
    # Only where the seat is read as one (not in "ئؤو", say, whose first seat is no seat
    # before waw).
    typed |= {form for word in typed for seat in _SEATS
              if normalise(form := seat(word)) == normalise(word)}
    return {form for word in typed for form in (
        word, word.translate(_PERSIAN_KEYBOARD), word.translate(_ARABIC_KEYBOARD),
        latin_digits(word))}


# A hamza's seat before waw, as the other usage writes it.
_SEATS = (lambda word: word.replace("ئو", "ؤو"), lambda word: word.replace("ؤو", "ئو"))


def normalise(text: str) -> str:
    """The matching key: letter variants unified, marks removed, case folded.

    The zero-width non-joiner is removed, so "می‌خواهیم" and "میخواهیم" share a key; the
    disallowed-words rule also lets a space stand between a phrase's parts.
    """
    text = _seat_read_as_yeh(unicodedata.normalize("NFKC", text)).translate(_TABLE)
    text = _REMOVE.sub("", text).replace(_ZWNJ, "")
    return " ".join(text.casefold().split())


# --- Folding one character at a time (search) -------------------------------------------
#
# normalise() above works on whole strings (NFKC, then collapses spaces), so a position in
# its output cannot be traced back to the text it came from. Search needs that: it cuts
# snippets from the original text. fold() therefore works character by character —
# fold(a + b) == fold(a) + fold(b) — so a word can be folded on its own and its span in
# the original kept.

ZWNJ = _ZWNJ
# Letter forms that no Unicode decomposition unifies (after NFKD has split "أ", "ؤ", "ئ",
# "ۀ", "آ" into a base letter and a mark that fold() drops).
_FOLD_LETTERS = {key: value for key, value in _TABLE.items() if value.strip()}
# Letters (Unicode category Lm) that only stretch or decorate: tatweel, small waw and yeh.
_FOLD_DROPPED_LETTERS = frozenset("\u0640\u06E5\u06E6")


def _fold_one(character: str) -> str:
    """A separator (punctuation, symbol, space) becomes a space. A letter, number, mark
    or format control is decomposed (NFKD) and case folded, then per resulting character:
    letters unified, digits of every script made ASCII, marks and format controls dropped
    (ZWNJ kept), anything else a space."""
    if unicodedata.category(character)[0] not in "LNM" and unicodedata.category(
            character) != "Cf":
        # Punctuation, symbols, spaces, controls: a separator, even when a compatibility
        # decomposition would make letters of it ("㋀" → "1月", "™" → "TM").
        return " "
    decomposed = unicodedata.normalize(
        "NFKD", unicodedata.normalize("NFKD", character).casefold())
    out = []
    for part in decomposed:
        category = unicodedata.category(part)
        if part == _ZWNJ:
            out.append(part)
        elif category == "Nd":  # a digit of any script
            out.append(str(unicodedata.decimal(part)))
        elif category[0] == "L" and part not in _FOLD_DROPPED_LETTERS:
            # lower(): case folding leaves a few scripts (Cherokee) in capitals.
            out.append(_FOLD_LETTERS.get(ord(part), part).lower())
        elif category[0] != "M" and category != "Cf" and part not in _FOLD_DROPPED_LETTERS:
            # Other numbers (fractions, "Tamil number ten") are separators, as they are to
            # PostgreSQL's parser; Nl numbers decompose to letters above.
            out.append(" ")
    return "".join(out)


class _FoldTable(dict[int, str]):
    """A str.translate table filled on first use. Only the Basic Multilingual Plane is
    kept, so hostile input cannot grow it past 65,536 entries."""

    def __missing__(self, code: int) -> str:
        folded = _fold_one(chr(code))
        if code < 0x10000:
            self[code] = folded
        return folded


_FOLD = _FoldTable()


def fold(text: str) -> str:
    """Each character folded on its own (but for a hamza's seat before waw, read as yeh as
    in normalise()); the result holds only letters, digits, spaces and ZWNJ.

    Arabic yeh, alef maksura and yeh with hamza → ی; Arabic kaf → ک; teh marbuta and the
    heh forms → ه; alef forms → ا; waw with hamza → و; harakat, superscript alef, hamza
    marks, tatweel and direction marks removed; Persian and Arabic-Indic digits → ASCII;
    punctuation (Persian or not) → space; case folded. Spaces are not collapsed.
    """
    return _seat_read_as_yeh(text).translate(_FOLD)


# A hamza on a yeh seat between consonants, which older usage writes on an alef and many
# write as a bare alef: "هیئت", "هیأت", "هیات"; "مسئله", "مسأله", "مساله"; "جرئت", "جرأت".
# fold() reads the seat as yeh, as it must for "مطمئن" and "مطمین", "توطئه" and "توطیه";
# search also files such a word under the alef reading (fold_as_alef), so that all its
# spellings find it (a Persian reader's search for "هیات" found nothing of the demo's
# "هیئت"). Not after an alef ("مسائل", "مسایل"), nor before a yeh, waw or alef ("رئیس",
# "مسئول", "تئاتر"): there the yeh reading is the only one.
_CONSONANT = "[\u0628-\u063A\u0641-\u0647\u067E\u0686\u0698\u06A9\u06AF\u06C0]"
# Marks, a tatweel ("هیئـت") and invisibles may stand between the seat and its consonant.
_BETWEEN = "[\u064B-\u065F\u0670\u0640\u200B\u200D-\u200F\u2060\uFEFF]*"
_YEH_SEAT_BEFORE_CONSONANT = re.compile(f"(?<![اآ])ئ(?={_BETWEEN}{_CONSONANT})")
_DECOMPOSED_YEH_SEAT = re.compile(f"(?<![اآ])[یيى](?=\u0654{_BETWEEN}{_CONSONANT})")


def has_yeh_seat(text: str) -> bool:
    """Whether ``text`` may read otherwise under fold_as_alef (a quick test first)."""
    return ("ئ" in text or "\u0654" in text) and bool(
        _YEH_SEAT_BEFORE_CONSONANT.search(text) or _DECOMPOSED_YEH_SEAT.search(text))


def fold_as_alef(text: str) -> str:
    """fold(), but a hamza's seat between consonants read as alef: "هیئت" as "هیات". One
    letter for one, so a position in it is a position in fold()'s output. (Callers ask
    has_yeh_seat first: for a text without such a seat this is fold().)"""
    return fold(_DECOMPOSED_YEH_SEAT.sub("ا", _YEH_SEAT_BEFORE_CONSONANT.sub("أ", text)))
