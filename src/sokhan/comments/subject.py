"""A comment's subject when the commenter gives none: its first words. Pure: no Django."""

from __future__ import annotations

MAX_WORDS = 8
MAX_CHARS = 64


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
