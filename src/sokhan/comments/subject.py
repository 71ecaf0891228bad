"""A comment's subject: its first words when the commenter gives none, and whether a
subject only repeats the comment under it. Pure: no Django."""

from __future__ import annotations

import html
import re

MAX_WORDS = 8
MAX_CHARS = 64

_TAG = re.compile(r"<[^>]*>")


def default_subject(body: str) -> str:
    """The first words of the comment, at most MAX_WORDS words and MAX_CHARS characters,
    with "…" when words were left out."""
    words = body.split()
    subject, taken = "", 0
    for word in words[:MAX_WORDS]:
        candidate = f"{subject} {word}" if subject else word
        if len(candidate) > MAX_CHARS:
            break
        subject, taken = candidate, taken + 1
    if not subject and words:
        return words[0][: MAX_CHARS - 1] + "…"
    if taken == len(words):
        return subject
    if len(subject) == MAX_CHARS:  # no room left for the "…": give up a word, or a letter
        subject = subject.rsplit(" ", 1)[0] if taken > 1 else subject[:-1]
    return subject + "…"


def text_of(body_html: str) -> str:
    """The words of a comment's rendered body (the Plain text format's own markup: every
    tag a break between words, so "<br>" and "</p><p>" part them as the commenter did)."""
    return html.unescape(_TAG.sub(" ", body_html))


def repeats(subject: str, text: str) -> bool:
    """Whether ``subject`` is ``text`` word for word: the subject made for a comment of a
    few words is the whole comment, and a page showing it twice reads as a stutter."""
    return bool(subject) and subject.split() == text.split()
