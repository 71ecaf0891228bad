"""The search page: /<language>/search/?q=…&language=…&topic=…&signatory=…&year=…&page=…"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.paginator import InvalidPage, Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from sokhan.antispam import ratelimit
from sokhan.comments import keys
from sokhan.search import results
from sokhan.search.backends import Matches, current
from sokhan.search.forms import BOTH_LANGUAGES, SearchForm
from sokhan.search.normaliser import MAX_QUERY_CHARACTERS, MAX_TERM_LENGTH, parse_query
from sokhan.website.views import error_page


@require_safe
def search(request: HttpRequest) -> HttpResponse:
    """Without words: the form. With words: ranked, paginated results. A filter value
    the form does not offer and a bad ?page answer 404, like the rest of the site."""
    try:
        return _search(request)
    except Http404:
        # Its own 404 is as private as its results: it names what was searched for.
        response = error_page(request, "not_found")
        patch_cache_control(response, private=True, no_store=True)
        return response


def _search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET, page_language=get_language())
    if not form.is_valid():
        raise Http404("unknown search filter")
    text = form.cleaned_data["q"]
    query = parse_query(text)
    context: dict[str, Any] = {"form": form, "text": text, "query": query, "nav": "search",
                               "max_length": MAX_QUERY_CHARACTERS, "longest_word": MAX_TERM_LENGTH}
    if query and _sent_by_another_site(request):
        # Refused before it counts; as private as the results would have been.
        response = error_page(request, "forbidden")
        patch_cache_control(response, private=True, no_store=True)
        return response
    if query and _too_many(request):
        context["too_many"] = True
        response = render(request, "search/search.html", context, status=429)
        patch_cache_control(response, private=True, no_store=True)
        return response
    if query:
        matches = Matches(current(), query, form.filters())
        paginator = Paginator(matches, settings.SOKHAN_PAGE_SIZE)
        try:
            page = paginator.page(request.GET.get("page") or 1)
        except InvalidPage:
            raise Http404("no such page of results") from None
        context.update(page_obj=page, paginator=paginator,
                       hits=results.hits(page.object_list, query))
        if not paginator.count and form.cleaned_data["language"] != BOTH_LANGUAGES:
            # None in the chosen language: how many in either, for a link to them. The
            # form offers every topic, signatory and year of either language, and one of
            # the other's found "No statement contains…" (readers' review).
            context["in_either"] = len(Matches(current(), query,
                                               form.filters(any_language=True)))
    response = render(request, "search/search.html", context)
    if query or text or request.GET.get("q"):
        # What someone searched for is theirs: no shared cache keeps it (where a later
        # visitor could learn from a quick answer that a phrase was searched), nor the
        # browser's (a shared computer). Also when it holds no word to search for: the
        # box shows it all the same. The empty form is shared like any page.
        patch_cache_control(response, private=True, no_store=True)
    return response


def _sent_by_another_site(request: HttpRequest) -> bool:
    """Whether a browser says another site's page had it send this search, other than as
    the page to show (Fetch Metadata): an <img>, a frame, a script. Any page a reader
    opened could otherwise search here in their name until the limit below shut their
    connection, and everyone sharing it (a Tor exit, an office), out of searching, as the
    CAPTCHA's new.json refuses (captcha/views.py). A link from another site, followed, is
    a search like any other; browsers too old to say are let through."""
    return (request.headers.get("Sec-Fetch-Site") in ("cross-site", "same-site")
            and request.headers.get("Sec-Fetch-Dest", "document") != "document")


def _too_many(request: HttpRequest) -> bool:
    """One more search from this address; True past the limit. A search reads the index
    (40–200 ms on 6,000–30,000 statements), and eight connections searching without end
    held both cores while readers waited for pages kept in memory (an operator's review)."""
    address_hash, period = keys.hash_request(request)
    hits = ratelimit.hit("search", address_hash, 60, keys.earlier_hash(request, period))
    return hits > settings.SOKHAN_SEARCHES_PER_MINUTE
