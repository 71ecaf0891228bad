"""Django's side of the staff mark (pagecache/staffmark.py): set when a member of staff is
signed in, dropped when they are not any more.

Only requests that carry a session cookie, or a response that sets one (signing in), are
looked at: a reader costs nothing here.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from sokhan.pagecache import staffmark


def _key() -> bytes:
    return settings.SECRET_KEY.encode()


def carried(request: HttpRequest) -> bool:
    return staffmark.carried(_key(), request.META.get("HTTP_COOKIE", ""))


def signed_in(request: HttpRequest, response: HttpResponse | None = None) -> bool:
    """A member of staff is signed in: by their session, not by a cookie's name."""
    session = settings.SESSION_COOKIE_NAME
    if session not in request.COOKIES and (response is None or session not in response.cookies):
        return False
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated and user.is_staff)


class StaffMark:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        left = staffmark.left(_key(), staffmark.from_header(request.META.get("HTTP_COOKIE", "")))
        if signed_in(request, response):
            if left < staffmark.LIFETIME / 2:  # none yet, or soon to expire: a new one
                lifetime = staffmark.LIFETIME
                response.set_cookie(
                    staffmark.NAME, staffmark.make(_key(), lifetime), max_age=lifetime,
                    secure=settings.SESSION_COOKIE_SECURE, httponly=True, samesite="Lax")
        elif left:  # signed out, or the session ended: the caches serve them again
            response.delete_cookie(staffmark.NAME, samesite="Lax")
        return response
