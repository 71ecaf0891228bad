"""What changed between two versions of a text, word by word: the History's "Compare".

Pure Python (difflib), no Django: a text is cut into words, each with the spaces after it,
and the longest runs the two versions share are kept; what lies between is gone from the
old version or new in the later one. A body is compared paragraph by paragraph first, so
that a paragraph moved or rewritten whole reads as one, not as a scatter of words.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Literal

Kind = Literal["same", "gone", "new"]
# A word is anything between spaces, with the spaces after it: a Persian word with its
# zero-width non-joiner (not a space) stays one word, a comma stays with the word before
# it, and no token is a space alone (every space matched every other, and a long paragraph
# took minutes to compare).
_TOKENS = re.compile(r"^\s+|\S+\s*")
# The most work difflib may do on one paragraph (its tokens before times after, once what
# both versions begin and end with is set aside): past it, what lies between is shown
# replaced whole. A comparison page answers in well under a second, whatever a body holds.
MOST_WORK = 4_000_000


@dataclass(frozen=True)
class Piece:
    kind: Kind
    text: str


def words(old: str, new: str) -> list[Piece]:
    """``old`` and ``new`` as runs of words that stayed, went and came: the ones that are
    not "new" spell ``old``, the ones that are not "gone" spell ``new``."""
    # A space after both: the last word is then "word " like every other, and text added
    # after it does not show it removed and added again. Taken off again at the end.
    runs = _runs(_TOKENS.findall(old + " "), _TOKENS.findall(new + " "))
    pieces: list[Piece] = []
    gone: list[str] = []
    came: list[str] = []
    for equal, old_tokens, new_tokens in runs:
        if equal:
            _add(pieces, "gone", gone)
            _add(pieces, "new", came)
            gone, came = [], []
            _add(pieces, "same", old_tokens)
        else:  # deleted, inserted or replaced: what went first, then what came
            gone += old_tokens
            came += new_tokens
    _add(pieces, "gone", gone)
    _add(pieces, "new", came)
    return _without_last_space(pieces)


def _without_last_space(pieces: list[Piece]) -> list[Piece]:
    """Take off the space words() added after each version. A "same" piece that ends
    one version but not the other ends the other with a real space: that space moves to
    the piece after it (which is only the other's)."""
    last_old = max(i for i, piece in enumerate(pieces) if piece.kind != "new")
    last_new = max(i for i, piece in enumerate(pieces) if piece.kind != "gone")
    for last in {last_old, last_new}:
        piece = pieces[last]
        pieces[last] = Piece(piece.kind, piece.text[:-1])
        if piece.kind == "same" and last_old != last_new:
            after = pieces[last + 1]
            pieces[last + 1] = Piece(after.kind, " " + after.text)
    return [piece for piece in pieces if piece.text]


def whole(old: str, new: str) -> list[Piece]:
    """A value that is one thing (a name, a choice, a date): kept, or replaced whole."""
    if old == new:
        return [Piece("same", old)] if old else []
    return [Piece(kind, text) for kind, text in (("gone", old), ("new", new)) if text]


# How alike a removed and an added paragraph must be (the share of their words they have
# in common, 0 to 1) to be shown as one paragraph rewritten, word by word, rather than one
# removed and another added.
ALIKE = 0.5


def paragraphs(old: list[str], new: list[str]) -> list[list[Piece]]:
    """Two lists of paragraphs as one list of paragraphs to show, each as pieces: a
    paragraph kept whole is one "same" piece, one removed or added one whole "gone" or
    "new" piece, and a rewritten one its words. Among the paragraphs removed and added at
    one place, each removed one is paired with the first added one after the last pair
    that is ALIKE: a paragraph added before an edited one is shown added, and the edit as
    an edit (paired blindly, the edit vanished inside an "added" paragraph)."""
    shown: list[list[Piece]] = []
    for equal, kept, came in _runs(old, new):
        if equal:
            shown.extend([Piece("same", text)] for text in kept)
        else:
            shown.extend(_rewritten(kept, came))
    return shown


Run = tuple[bool, list[str], list[str]]


def _runs(before: list[str], after: list[str]) -> list[Run]:
    """``before`` and ``after`` as runs alike (True) and not, in order. What both begin
    and end with is set aside first (an edit to a long text leaves most of it so); what
    lies between is matched by difflib, unless that is more than MOST_WORK."""
    head = _common_length(before, after)
    tail = _common_length(before[head:][::-1], after[head:][::-1])
    middle = (before[head:len(before) - tail], after[head:len(after) - tail])
    if len(middle[0]) * len(middle[1]) > MOST_WORK:
        matched: list[Run] = [(False, *middle)]
    else:
        # autojunk off: in a long text the commonest words (و, the) would count as junk
        # and be shown as rewritten everywhere.
        matched = [(tag == "equal", middle[0][i1:i2], middle[1][j1:j2]) for tag, i1, i2, j1, j2
                   in SequenceMatcher(None, *middle, autojunk=False).get_opcodes()]
    runs = [(True, before[:head], after[:head]), *matched,
            (True, before[len(before) - tail:], after[len(after) - tail:])]
    return [run for run in runs if run[1] or run[2]]


# How many added paragraphs ahead a removed one looks for its rewritten self.
LOOK_AHEAD = 20


def _rewritten(gone: list[str], came: list[str]) -> list[list[Piece]]:
    shown: list[list[Piece]] = []
    tokens = {text: Counter(_TOKENS.findall(text)) for text in {*gone, *came}}
    budget = MOST_WORK  # tokens looked at while pairing: past it, the rest are whole
    next_came = 0
    for text in gone:
        match = None
        for j in range(next_came, min(len(came), next_came + LOOK_AHEAD)):
            budget -= tokens[text].total() + tokens[came[j]].total()
            if budget < 0:
                break
            if _alike(tokens[text], tokens[came[j]]):
                match = j
                break
        if match is None:
            shown.append([Piece("gone", text)])
            continue
        shown.extend([Piece("new", added)] for added in came[next_came:match])
        shown.append(words(text, came[match]))
        next_came = match + 1
    shown.extend([Piece("new", added)] for added in came[next_came:])
    return shown


def _alike(old: Counter[str], new: Counter[str]) -> bool:
    """Whether two paragraphs share ALIKE of their words, in any order (difflib's
    quick_ratio, from the words' counts alone)."""
    total = old.total() + new.total()
    return total > 0 and 2 * (old & new).total() / total >= ALIKE


def changed(pieces: list[Piece]) -> bool:
    return any(piece.kind != "same" for piece in pieces)


def _common_length(a: list[str], b: list[str]) -> int:
    """How many tokens ``a`` and ``b`` begin with alike."""
    length = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        length += 1
    return length


def _add(pieces: list[Piece], kind: Kind, tokens: list[str]) -> None:
    """Append, merged with the piece before when it is of the same kind."""
    if not tokens:
        return
    text = "".join(tokens)
    if pieces and pieces[-1].kind == kind:
        pieces[-1] = Piece(kind, pieces[-1].text + text)
    else:
        pieces.append(Piece(kind, text))
