"""The language switch: where "فارسی" or "English" leads from the page being read.

A statement leads to its translation when there is one; pages that exist in every
language (lists, topics, archive, search) lead to the same page in the other language;
anything else leads to the other language's front page. Only real equivalents are
announced to search engines with <link rel="alternate" hreflang>.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse, translate_url
from django.utils import translation

SAME_PAGE_IN_EVERY_LANGUAGE = {
    "publishing:home", "publishing:archive", "publishing:topics",
    "publishing:topic", "publishing:signatories", "publishing:signatory", "search:search",
}
# A year page has no twin: 1403 on /fa/ straddles 2024 and 2025 on /en/ (publishing/years.py).
NEAREST_PAGE = {"publishing:year": "publishing:archive"}


@dataclass(frozen=True)
class Alternate:
    code: str
    name: str
    url: str
    equivalent: bool  # the same content in that language (hreflang), not a fallback


def set_translations(request: HttpRequest, urls: dict[str, str]) -> None:
    """A view says where its content lives in other languages."""
    request.language_alternates = urls  # type: ignore[attr-defined]


def _kept_query(request: HttpRequest, view: str) -> str:
    """The words searched for go along to the other language's search (the switch dropped
    them); not the page number, which the other language's results may not reach."""
    if view != "search:search":
        return ""
    kept = request.GET.copy()
    kept.pop("page", None)
    return f"?{kept.urlencode()}" if kept else ""


def alternates(request: HttpRequest) -> list[Alternate]:
    current = translation.get_language()
    explicit: dict[str, str] = getattr(request, "language_alternates", {})
    match = request.resolver_match
    view = match.view_name if match else ""
    found = []
    for code, _name in settings.LANGUAGES:
        name = translation.get_language_info(code)["name_local"]
        if code == current:
            found.append(Alternate(code, name, request.path, True))
        elif code in explicit:
            found.append(Alternate(code, name, explicit[code], True))
        elif view in SAME_PAGE_IN_EVERY_LANGUAGE:
            found.append(Alternate(code, name, translate_url(request.path, code)
                                   + _kept_query(request, view), True))
        else:
            with translation.override(code):
                found.append(Alternate(code, name, reverse(
                    NEAREST_PAGE.get(view, "publishing:home")), False))
    return found
