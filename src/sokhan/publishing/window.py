"""A page of a list found without counting the whole list.

Django's Paginator counts every row to know how many pages there are; on an archive of
100,000 statements that count costs more than the rest of the page. A window asks for
one row more than it shows: that row says whether an older page follows, which is all
the "Newer" and "Older" links need.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.http import Http404

MAX_PAGE = 999_999


@dataclass
class Window:
    number: int
    object_list: list[Any]
    has_next: bool

    def has_previous(self) -> bool:
        return self.number > 1

    def has_other_pages(self) -> bool:
        return self.has_next or self.has_previous()

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.number - 1


def page_number(value: str | None) -> int:
    """?page=… as a number; anything else (letters, 0, huge numbers) is a 404."""
    if value is None:
        return 1
    digits = value.lstrip("0")
    # The length first: "0000001" followed by 30 zeros is a number no OFFSET can take.
    if (not (value.isascii() and value.isdigit()) or not digits
            or len(digits) > len(str(MAX_PAGE)) or int(digits) > MAX_PAGE):
        raise Http404
    return int(digits)


def window(rows: Sequence[Any], number: int, size: int) -> Window:
    """``rows``: a queryset (sliced here) or a list. A page past the end is a 404."""
    start = (number - 1) * size
    found = list(rows[start:start + size + 1])
    if number > 1 and not found:
        raise Http404
    return Window(number, found[:size], len(found) > size)
