"""Snippets: a short piece of the ORIGINAL text around the words a query matched, with
those words marked. Pure: no Django import.

The result is a list of plain-text parts, each marked or not; the template escapes every
part and wraps the marked ones in <mark>, so nothing from a statement reaches the page
as HTML.
"""

from __future__ import annotations

from dataclasses import dataclass

from sokhan.search.normaliser import Query, marked_spans

WIDTH = 220  # characters shown around the matches
LEAD = 60  # characters of context before the first match
# Highlighting folds every word it looks at; a long text is looked at a slice at a time,
# so the cost follows where the first match is, not how long the statement is.
SLICE = 20_000
# A "word" longer than this (letters buried under thousands of combining marks) is not
# marked, so a snippet stays short whatever the text holds.
MAX_MARKED = 200


@dataclass(frozen=True, slots=True)
class Part:
    text: str
    marked: bool


@dataclass(frozen=True)
class Snippet:
    parts: tuple[Part, ...]
    cut_before: bool  # text was left out before the snippet (show "…")
    cut_after: bool

    @property
    def text(self) -> str:
        return "".join(part.text for part in self.parts)


def highlight(text: str, query: Query) -> tuple[Part, ...]:
    """All of ``text`` (a title, say), with the matched words marked."""
    spans = [span for span in marked_spans(text, query) if span[1] - span[0] <= MAX_MARKED]
    return _parts(text, 0, len(text), spans)


def snippet(text: str, query: Query, width: int = WIDTH) -> Snippet:
    """About ``width`` characters of ``text`` around its densest cluster of matched words;
    the beginning of the text when nothing in it matched."""
    offset = 0
    spans: list[tuple[int, int]] = []
    while offset < len(text):
        end = _word_end(text, offset + SLICE, reach=1000)
        spans = [(offset + start, offset + stop)
                 for start, stop in marked_spans(text[offset:end], query)
                 if stop - start <= MAX_MARKED]
        if spans:
            break
        offset = end
    if not spans:
        stop = _word_end(text, width)
        return Snippet(_parts(text, 0, stop, []), False, stop < len(text))
    first = _densest(spans, width)
    start = _word_start(text, max(0, spans[first][0] - LEAD))
    stop = max(_word_end(text, start + width), spans[first][1])
    inside = [span for span in spans if start <= span[0] and span[1] <= stop]
    return Snippet(_parts(text, start, stop, inside), start > 0, stop < len(text))


def _densest(spans: list[tuple[int, int]], width: int) -> int:
    """Index of the span that starts the window of ``width`` holding the most spans."""
    best, best_count, last = 0, 0, 0
    for first, (start, _stop) in enumerate(spans):
        last = max(last, first)
        while last + 1 < len(spans) and spans[last + 1][1] <= start + width:
            last += 1
        if last - first + 1 > best_count:
            best, best_count = first, last - first + 1
    return best


def _word_start(text: str, position: int, reach: int = 30) -> int:
    """Move back to the start of the word at ``position`` (not further than ``reach``:
    text without spaces is cut where it is)."""
    floor = max(0, position - reach)
    space = max(text.rfind(" ", floor, position), text.rfind("\n", floor, position))
    if space >= 0:
        return space + 1
    return 0 if floor == 0 else position


def _word_end(text: str, position: int, reach: int = 30) -> int:
    """Move on to the end of the word at ``position`` (not further than ``reach``)."""
    if position >= len(text):
        return len(text)
    space = text.find(" ", position, position + reach)
    return position if space < 0 else space


def _parts(text: str, start: int, stop: int, spans: list[tuple[int, int]]) -> tuple[Part, ...]:
    parts: list[Part] = []
    position = start
    for span_start, span_stop in spans:
        if span_start < position:  # the same word listed twice (a ligature's pieces)
            continue
        if span_start > position:
            parts.append(Part(text[position:span_start], False))
        parts.append(Part(text[span_start:span_stop], True))
        position = span_stop
    if position < stop:
        parts.append(Part(text[position:stop], False))
    return tuple(parts)
