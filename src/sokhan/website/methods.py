"""A page in the site's style, in the reader's language, for a method a view does not take.

Django's ``require_http_methods`` and ``require_POST`` answer 405 with an empty body: a
browser shows a blank page (someone who opens the address a form posts to, or whose
browser restores such a tab). The Allow header stays as the view set it.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from sokhan.website.views import error_page


class MethodNotAllowedPage:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code != 405 or response.content:
            return response
        page = error_page(request, "method")
        if "Allow" in response:
            page["Allow"] = response["Allow"]
        return page
