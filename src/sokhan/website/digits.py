"""Addresses typed with Persian digits: "/fa/archive/۱۴۰۲/", "/fa/?page=۲".

A reader who edits the address on a Persian keyboard types Persian (or Arabic-Indic)
digits, and the site's addresses take ASCII ones: each was "Page not found" (a Persian
reader's review). A page not found is answered otherwise in two cases only, with a
permanent redirect: a path that matches none of the site's addresses but does in ASCII
digits (an archive year), and a page number (``page``) typed so on one that is.
A statement's address matches whatever its slug holds, so a slug with Persian digits of
its own, found or not (one scheduled for later), is never redirected.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.urls import Resolver404, get_urlconf, resolve
from django.utils.encoding import escape_uri_path

from sokhan.persian.dates import latin_digits

PAGE_NUMBERS = ("page",)


class LatinDigitsWhenNotFound:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code != 404 or request.method not in ("GET", "HEAD"):
            return response
        path = _path(request.path_info)
        query = request.GET.copy()
        for name in PAGE_NUMBERS:
            if name in query:
                query.setlist(name, [latin_digits(value) for value in query.getlist(name)])
        # A page number, only on an address of the site: "//elsewhere.example/?page=۲" led
        # to the other site (a review). Resolved last: a flood of 404s pays for no lookup.
        if path is None and (query == request.GET or not _matches(request.path_info)):
            return response
        prefix = request.path.removesuffix(request.path_info)  # where the site is mounted
        where = escape_uri_path(request.path if path is None else prefix + path)
        encoded = query.urlencode()
        return HttpResponsePermanentRedirect(where + (f"?{encoded}" if encoded else ""))


def _path(path: str) -> str | None:
    """The path in ASCII digits when only that one is an address of the site."""
    ascii_path = latin_digits(path)
    if ascii_path == path or not ascii_path.startswith("/") or ascii_path.startswith("//"):
        return None
    if _matches(path):
        return None
    if _matches(ascii_path):
        return ascii_path
    # Typed without its last slash ("/fa/archive/۱۴۰۲"), which Django would add.
    if settings.APPEND_SLASH and not ascii_path.endswith("/") and _matches(ascii_path + "/"):
        return ascii_path + "/"
    return None


def _matches(path: str) -> bool:
    try:
        resolve(path, get_urlconf())
    except Resolver404:
        return False
    return True
