"""Addresses typed with Persian digits: "/fa/archive/۱۴۰۲/", "/fa/?page=۲".

A reader who edits the address on a Persian keyboard types Persian (or Arabic-Indic)
digits, and the site's addresses take ASCII ones: each was "Page not found" (a Persian
reader's review). Only a page that is not found is answered otherwise: with a permanent
redirect to the same address in ASCII digits, when that is another address. A statement's
slug may hold Persian digits of its own; it is found as it is, and never redirected.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.utils.encoding import iri_to_uri

from sokhan.persian.dates import latin_digits


class LatinDigitsWhenNotFound:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code != 404 or request.method not in ("GET", "HEAD"):
            return response
        path = latin_digits(request.path)
        query = request.GET.copy()
        for name, values in query.lists():
            query.setlist(name, [latin_digits(value) for value in values])
        if (path == request.path and query == request.GET) or path.startswith(("//", "/\\")):
            return response  # "//elsewhere.example/۱" would lead to another site
        encoded = query.urlencode()
        return HttpResponsePermanentRedirect(iri_to_uri(path) + (f"?{encoded}" if encoded
                                                                 else ""))
