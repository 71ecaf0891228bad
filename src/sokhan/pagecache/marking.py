"""Which responses every reader may share, and the HTTP headers that say so.

A response is shared when it is a successful GET (or a 404) of a page whose bytes are the
same for every anonymous reader: no cookie set, no session, no Cache-Control of its own (views
that answer one person — the comment steps, previews, CAPTCHA images — set no-cache),
nothing varying on the request. Such a response gets Cache-Control for browsers and
shared caches and (from Django's ConditionalGetMiddleware) an ETag; the
WSGI layer (``layer.py``) keeps it. Anything for a signed-in member of staff is private.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import cc_delim_re, patch_cache_control

from sokhan.pagecache import marks, schedule, watchedquery
from sokhan.pagecache.generations import LISTS, SITE
from sokhan.pagecache.layer import DECISION, PAGE_QUERY

# Pages that list statements with comment counts depend on every comment: the default.
DEFAULT_TAGS = (SITE, LISTS)


def paginated(request: HttpRequest) -> str | None:
    """?page=… of a view that has pages; a page kept under ?page=N only if it said so."""
    request.cache_paginated = "page"  # type: ignore[attr-defined]
    return request.GET.get("page")


def depends_on(request: HttpRequest, *tags: int) -> None:
    """Narrow what a page depends on (a statement page: the site and its own comments)."""
    request.cache_tags = (SITE, *tags)  # type: ignore[attr-defined]


def language_neutral(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """For a view outside the /en/ and /fa/ prefixes whose answer is the same whatever
    language a browser asks for (robots.txt, the sitemap, the bare address): Django's
    LocaleMiddleware marks such responses "Vary: Accept-Language" to be safe, which would
    keep them out of every shared cache."""
    @functools.wraps(view)
    def wrapped(*args: object, **kwargs: object) -> HttpResponse:
        response = view(*args, **kwargs)
        response.language_neutral = True  # type: ignore[attr-defined]
        return response
    return wrapped


def _drop_language_vary(response: HttpResponse) -> None:
    # And the Content-Language of whichever visitor came first, which a cache would repeat.
    response.headers.pop("Content-Language", None)
    kept = [v for v in cc_delim_re.split(response.get("Vary", "")) if v
            and v.lower() != "accept-language"]
    if kept:
        response.headers["Vary"] = ", ".join(kept)
    else:
        response.headers.pop("Vary", None)


class Cacheability:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        watchedquery.watch(request)
        response = self.get_response(request)
        if getattr(response, "language_neutral", False):
            _drop_language_vary(response)
        if marks.carried(request) or marks.signed_in(request, response):
            # Staff pages (and public pages seen by staff) never reach a shared cache. A
            # session cookie alone says nothing: anyone can send one.
            patch_cache_control(response, private=True, no_store=True)
        elif _shareable(request, response):
            self._share(request, response)
        return response

    def _share(self, request: HttpRequest, response: HttpResponse) -> None:
        now = time.time()
        try:
            due = schedule.next_publication(now)
        except Exception:  # noqa: BLE001 - counters unreachable: shareable, but not kept
            due = now + settings.SOKHAN_HTTP_SHARED_MAX_AGE
        shared = int(max(0, min(settings.SOKHAN_HTTP_SHARED_MAX_AGE, due - now)))
        patch_cache_control(response, public=True,
                            max_age=min(settings.SOKHAN_HTTP_MAX_AGE, shared),
                            s_maxage=shared,
                            stale_while_revalidate=settings.SOKHAN_HTTP_STALE_SECONDS)
        # No Last-Modified: the time a page was rendered is the time its first reader
        # asked for it, which anyone asking after could read off a shared copy. The ETag
        # does revalidation without telling anyone anything.
        # ?page=N of a page that has no pages shows the same page: it is answered, but not
        # kept again under every number someone makes up.
        stray_page = any(name in request.GET and name != getattr(request, "cache_paginated", "")
                         for name in ("page", "p"))
        if settings.SOKHAN_PAGE_CACHE and response.status_code == 200 and not stray_page:
            expires = min(now + settings.SOKHAN_PAGE_CACHE_SECONDS, due)
            request.META[DECISION] = (getattr(request, "cache_tags", DEFAULT_TAGS), expires,
                                      watchedquery.names_read(request))


def _shareable(request: HttpRequest, response: HttpResponse) -> bool:
    # A 404 (or a withdrawn statement's 410) is shared for as long as a page: a statement
    # taken back to draft (or deleted)
    # then replaces its old copy in nginx or a CDN within s-maxage. Without a lifetime of
    # its own a 404 is never stored there, and a cache that serves stale copies while it
    # refreshes them kept the old page for as long as readers kept asking for it.
    # Not a 404 of an address with other query strings (a search's, say): a shared cache
    # would keep it under words someone searched for.
    return (request.method in ("GET", "HEAD")
            and (response.status_code == 200 or (
                response.status_code in (404, 410) and PAGE_QUERY.fullmatch(request.META.get(
                    "QUERY_STRING", ""))))
            and not response.streaming and not response.cookies
            and not response.has_header("Cache-Control")
            and not response.has_header("Vary"))
