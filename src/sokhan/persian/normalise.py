"""One key for text that Persian and Arabic keyboards spell differently. Pure: no Django.

Used wherever Sokhan matches words (the disallowed-words list, duplicates, search): the
stored text is never rewritten, only compared through this key.
"""

from __future__ import annotations

import re
import unicodedata

_TABLE = str.maketrans({
    "ي": "ی", "ى": "ی", "ئ": "ی", "ك": "ک", "ة": "ه", "ۀ": "ه", "ە": "ه",
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ؤ": "و",
    **{chr(0x06F0 + d): str(d) for d in range(10)},  # Persian digits
    **{chr(0x0660 + d): str(d) for d in range(10)},  # Arabic-Indic digits
    "،": " ", "؛": " ", "؟": " ", "٪": " ", "«": " ", "»": " ", "۔": " ",
})
# Harakat, superscript alef, hamza marks, tatweel, and direction/joining marks.
_REMOVE = re.compile("[\u064B-\u065F\u0670\u0654\u0655\u0640\u200E\u200F\u202A-\u202E"
                     "\u2066-\u2069\u061C]")
_ZWNJ = "\u200c"


def normalise(text: str) -> str:
    """The matching key: letter variants unified, marks removed, case folded.

    The zero-width non-joiner is removed, so "می‌خواهیم" and "میخواهیم" share a key; callers
    that match words also try the form with spaces ("می خواهیم") by comparing
    :func:`squeeze` keys.
    """
    text = unicodedata.normalize("NFKC", text).translate(_TABLE)
    text = _REMOVE.sub("", text).replace(_ZWNJ, "")
    return " ".join(text.casefold().split())


def squeeze(text: str) -> str:
    """The key without any spaces, for matching across ZWNJ, space or nothing."""
    return normalise(text).replace(" ", "")
