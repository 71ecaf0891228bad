"""The language switch: where "فارسی" or "English" leads from the page being read.

A statement leads to its translation when there is one; pages that exist in every
language (lists, topics, archive, search) lead to the same page in the other language;
anything else leads to the other language's front page. Only real equivalents are
announced to search engines with <link rel="alternate" hreflang>.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import TooManyFieldsSent
from django.http import HttpRequest, QueryDict
from django.urls import reverse, translate_url
from django.utils import translation

SAME_PAGE_IN_EVERY_LANGUAGE = {
    "publishing:home", "publishing:archive", "publishing:topics",
    "publishing:topic", "publishing:signatories", "publishing:signatory", "search:search",
    "publishing:feeds",
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


# What a search keeps across the switch: the words and the filters that mean the same in
# both languages. Not the page number (the other results may not reach it), not the year
# (counted in each page's own calendar: 2024 is no Solar Hijri year), and not the
# statements' language when it is only the page's own, which the form sends by default.
_KEPT_IN_SEARCH = ("q", "topic", "signatory")


def _kept_query(request: HttpRequest, view: str, current: str) -> str:
    if view != "search:search":
        return ""
    try:
        asked = request.GET
    except TooManyFieldsSent:  # the page saying so (400) must not fail on it again
        return ""
    kept = QueryDict(mutable=True)
    for name in _KEPT_IN_SEARCH:
        if asked.get(name):
            kept[name] = asked[name]
    chosen = asked.get("language", "")
    if chosen and chosen != current:
        kept["language"] = chosen
    return f"?{kept.urlencode()}" if kept else ""


def _later_page(request: HttpRequest) -> bool:
    try:
        return request.GET.get("page", "1") not in ("", "1")
    except TooManyFieldsSent:
        return False


def alternates(request: HttpRequest) -> list[Alternate]:
    current = translation.get_language()
    explicit: dict[str, str] = getattr(request, "language_alternates", {})
    match = request.resolver_match
    view = match.view_name if match else ""
    found = []
    # A later page of a list has no twin: the other language's page 3 holds other
    # statements. Its switch still leads to the list there, but no hreflang says "the same".
    twin = not _later_page(request)
    for code, _name in settings.LANGUAGES:
        name = translation.get_language_info(code)["name_local"]
        if code == current:
            found.append(Alternate(code, name, request.path
                                   + _kept_query(request, view, current), twin))
        elif code in explicit:
            found.append(Alternate(code, name, explicit[code], True))
        elif view in SAME_PAGE_IN_EVERY_LANGUAGE:
            found.append(Alternate(code, name, translate_url(request.path, code)
                                   + _kept_query(request, view, current), twin))
        else:
            with translation.override(code):
                found.append(Alternate(code, name, reverse(
                    NEAREST_PAGE.get(view, "publishing:home")), False))
    return found
