"""Which characters of a comment are kept, and how its lines and paragraphs are normalised.

The format shows every character the commenter typed, with three exceptions, all applied
before links are looked for:

1. Removed: C0 controls other than tab and newline (NUL among them), DEL, C1 controls
   (U+0080–U+009F), and the bidirectional embeddings, overrides and isolates
   (U+202A–U+202E, U+2066–U+2069). An unclosed override would reverse the text around the
   comment ("Trojan Source", CVE-2021-42574). Also removed: lone surrogates
   (U+D800–U+DFFF), which no page can encode (``json.loads`` lets them in). Kept: ZWNJ
   and ZWJ (U+200C, U+200D), which Persian spelling needs, and the harmless marks LRM and
   RLM (U+200E, U+200F).
2. Newlines: CRLF and lone CR become LF.
3. Whitespace: the whole text is stripped of leading and trailing whitespace (Python's
   ``str.strip``, i.e. Unicode whitespace), and every run of blank lines (lines empty or
   holding only spaces and tabs) becomes exactly one empty line, a paragraph break. All
   other whitespace, inside lines and at their ends, is kept as typed.
"""

from __future__ import annotations

import re
import unicodedata

REMOVED = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff"
    # Noncharacters: invisible, never meant for interchange, and not allowed in XML (a
    # comment holding U+FFFE made every comment feed unreadable).
    "\ufdd0-\ufdef\ufffe\uffff]")
# Possessive quantifiers (Python 3.11+): no backtracking, so the scan is linear even on
# "\n" followed by a million spaces.
_BLANK_LINES = re.compile(r"\n(?:[ \t]*+\n)++")
PARAGRAPH_BREAK = "\n\n"


def normalise(text: str) -> str:
    """The text as the format shows it; paragraphs are separated by exactly one empty line."""
    text = REMOVED.sub("", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    return _BLANK_LINES.sub(PARAGRAPH_BREAK, text)


def shows_nothing(text: str) -> bool:
    """Whether the text as shown has no visible character: only spaces, and marks that take
    no room (ZWNJ, ZWJ, LRM, RLM, zero-width space: format characters, category Cf)."""
    return all(unicodedata.category(c)[0] in "ZC" for c in normalise(text))
