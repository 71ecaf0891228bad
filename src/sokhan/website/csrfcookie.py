"""The CSRF cookie: read in the admin alone, and forgotten at / by browsers that had it there.

Outside the admin, a CSRF cookie a browser sends is not read at all. Django's CSRF
middleware answers a cookie of the wrong form (``csrftoken=xyz``, which a sibling
subdomain can plant) with a new one, on any page it renders: a reader then got a
year-long identifier chosen by the server, and a page no cache could share (security
review). Reader pages take no form that needs it: the comment form checks its origin.

The CSRF cookie of a browser that opened the admin before it was sent to the admin alone.

Until CSRF_COOKIE_PATH was the admin's path, the login page's cookie went with every page
its browser read afterwards, for a year (`Path=/`): a unique token for a CDN or a proxy to
link visits by. A browser that has it keeps it after the upgrade, and sends it to the admin
beside the new one, where Django reads the old one (the last of two of a name) and copies
it into the new. Each admin answer to a browser with such a cookie expires the one at `/`
and sets the admin's again, with the value in use, so that the form on the page still
posts (a CSRF check of a form needs its cookie)."""

from __future__ import annotations

from collections.abc import Callable
from http.cookies import Morsel

from django.conf import settings
from django.http import HttpRequest, HttpResponse

_FORGOTTEN = "Thu, 01 Jan 1970 00:00:00 GMT"


class ForgetTheOldCsrfCookie:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        name = settings.CSRF_COOKIE_NAME
        in_admin = request.path.startswith("/" + settings.ADMIN_PATH)
        if not in_admin:
            request.COOKIES.pop(name, None)
        response = self.get_response(request)
        if name not in request.COOKIES or settings.CSRF_COOKIE_PATH == "/" or not in_admin:
            return response
        token = request.META.get("CSRF_COOKIE")
        if name not in response.cookies and token:
            response.set_cookie(name, token, max_age=settings.CSRF_COOKIE_AGE,
                                path=settings.CSRF_COOKIE_PATH,
                                domain=settings.CSRF_COOKIE_DOMAIN,
                                secure=settings.CSRF_COOKIE_SECURE,
                                httponly=settings.CSRF_COOKIE_HTTPONLY,
                                samesite=settings.CSRF_COOKIE_SAMESITE)
        # A second cookie of the same name, for another path: Django's response keeps one
        # per name, so under a key of its own (the header names the cookie, not the key).
        old: Morsel[str] = Morsel()
        old.set(name, "", '""')
        old.update({"path": "/", "expires": _FORGOTTEN, "max-age": "0"})
        response.cookies[f"{name} at /"] = old
        return response
