"""What changed between two versions of a text, word by word: the History's "Compare".

Pure Python (difflib), no Django: a text is cut into words and the spaces between them,
and the longest runs the two versions share are kept; what lies between is gone from the
old version or new in the later one. A body is compared paragraph by paragraph first, so
that a paragraph moved or rewritten whole reads as one, not as a scatter of words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Literal

Kind = Literal["same", "gone", "new"]
# A word is anything between spaces: a Persian word with its zero-width non-joiner (not a
# space) stays one word, and a comma stays with the word before it.
_TOKENS = re.compile(r"\s+|\S+")


@dataclass(frozen=True)
class Piece:
    kind: Kind
    text: str


def words(old: str, new: str) -> list[Piece]:
    """``old`` and ``new`` as runs of words that stayed, went and came: the ones that are
    not "new" spell ``old``, the ones that are not "gone" spell ``new``."""
    before, after = _TOKENS.findall(old), _TOKENS.findall(new)
    # autojunk off: in a long text the commonest words (و, the) would count as junk and be
    # shown as rewritten everywhere.
    runs = [(tag == "equal", before[i1:i2], after[j1:j2]) for tag, i1, i2, j1, j2
            in SequenceMatcher(None, before, after, autojunk=False).get_opcodes()]
    pieces: list[Piece] = []
    gone: list[str] = []
    came: list[str] = []
    for index, (equal, old_tokens, new_tokens) in enumerate(runs):
        # A space alone kept between two changes is part of one change: "a b" rewritten
        # as "x y" reads as one phrase replaced, not as a b, x y interleaved.
        if equal and not (_blank(old_tokens) and 0 < index < len(runs) - 1):
            _add(pieces, "gone", gone)
            _add(pieces, "new", came)
            gone, came = [], []
            _add(pieces, "same", old_tokens)
        else:  # deleted, inserted or replaced: what went first, then what came
            gone += old_tokens
            came += new_tokens
    _add(pieces, "gone", gone)
    _add(pieces, "new", came)
    return pieces


def whole(old: str, new: str) -> list[Piece]:
    """A value that is one thing (a name, a choice, a date): kept, or replaced whole."""
    if old == new:
        return [Piece("same", old)] if old else []
    return [Piece(kind, text) for kind, text in (("gone", old), ("new", new)) if text]


def paragraphs(old: list[str], new: list[str]) -> list[list[Piece]]:
    """Two lists of paragraphs as one list of paragraphs to show, each as pieces: a
    paragraph kept whole is one "same" piece, one removed or added one whole "gone" or
    "new" piece, and a rewritten one its words (the n-th removed paragraph of a rewritten
    run against the n-th added one; the rest are whole)."""
    shown: list[list[Piece]] = []
    matcher = SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            shown.extend([Piece("same", text)] for text in old[i1:i2])
            continue
        gone, came = old[i1:i2], new[j1:j2]
        paired = min(len(gone), len(came)) if tag == "replace" else 0
        shown.extend(words(a, b) for a, b in zip(gone[:paired], came[:paired], strict=True))
        shown.extend([Piece("gone", text)] for text in gone[paired:])
        shown.extend([Piece("new", text)] for text in came[paired:])
    return shown


def changed(pieces: list[Piece]) -> bool:
    return any(piece.kind != "same" for piece in pieces)


def _blank(tokens: list[str]) -> bool:
    return all(token.isspace() for token in tokens)


def _add(pieces: list[Piece], kind: Kind, tokens: list[str]) -> None:
    """Append, merged with the piece before when it is of the same kind."""
    if not tokens:
        return
    text = "".join(tokens)
    if pieces and pieces[-1].kind == kind:
        pieces[-1] = Piece(kind, pieces[-1].text + text)
    else:
        pieces.append(Piece(kind, text))
