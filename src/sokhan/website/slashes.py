"""Django's CommonMiddleware, whose added slash keeps what was posted.

An address typed without its last slash ("…/comments") is sent on to the one with it by a
permanent redirect, 301, which a browser follows with a GET: a comment posted there came
back as an empty form, its words lost (a fuzz review). For a POST (or any method but
GET and HEAD) the redirect is a 308, which browsers follow with the same method and body.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.middleware import common
from django.utils.http import escape_leading_slashes


class PermanentRedirectKeepingTheBody(HttpResponsePermanentRedirect):
    status_code = 308


class CommonMiddleware(common.CommonMiddleware):
    def get_full_path_with_slash(self, request: HttpRequest) -> str:
        # Django's, without its DEBUG-only error for a POST: that redirect lost the body,
        # this one keeps it.
        return escape_leading_slashes(request.get_full_path(force_append_slash=True))

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        response = super().process_response(request, response)
        if (isinstance(response, HttpResponsePermanentRedirect)
                and response.status_code == 301 and request.method not in ("GET", "HEAD")):
            return PermanentRedirectKeepingTheBody(response["Location"])
        return response
