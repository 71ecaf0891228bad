"""Cyrillic and Greek letters drawn as Latin ones, and the Latin letter each passes for.
Pure: no Django.

One table for two uses, which had each kept their own (and drifted apart):

- a link's host spelt with them alone ("ѕсоре.com") is shown in Punycode
  (``homographs.py``), after Chromium's list of whole-script confusables;
- the disallowed words read them as Latin ("cаsino" with a Cyrillic а:
  ``antispam/rules.py``), capitals too ("ВЕТ"), which no case folding or Unicode
  normalisation turns into Latin letters.
"""

from __future__ import annotations

# Lower case, after Chromium's IDN policy (components/url_formatter: the Cyrillic and
# Greek letters it treats as confusable with Latin when a label is spelt with them alone).
LOWER = {
    "CYRILLIC": {"а": "a", "с": "c", "ԁ": "d", "е": "e", "һ": "h", "і": "i", "ј": "j",
                 "ӏ": "l", "о": "o", "р": "p", "ԛ": "q", "ѕ": "s", "ԝ": "w", "х": "x",
                 "у": "y", "ъ": "b", "ь": "b", "ҽ": "e", "п": "n", "г": "r", "ѵ": "v",
                 "ѡ": "w"},
    "GREEK": {"α": "a", "ι": "i", "κ": "k", "ν": "v", "ο": "o", "ρ": "p", "τ": "t",
              "υ": "u", "χ": "x"},
}
# Read as Latin in words, not in hosts: a Cyrillic к looks like a k in most faces, but
# Chromium leaves it out (a Russian "сок.рф" would otherwise show in Punycode).
WORDS_ONLY = {"к": "k"}
CAPITALS = {
    "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P",
    "С": "C", "Т": "T", "У": "Y", "Х": "X", "І": "I", "Ј": "J", "Ѕ": "S",
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M",
    "Ν": "N", "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X",
}
# Every one of them, for str.translate.
AS_LATIN = str.maketrans({**LOWER["CYRILLIC"], **LOWER["GREEK"], **WORDS_ONLY, **CAPITALS})
