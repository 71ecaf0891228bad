"""Django's sessions, without a cookie on what readers read.

A session cookie that names no session (left from a sign-in that has ended, or made up) is
deleted by Django's SessionMiddleware on whatever page it comes with, with "Vary: Cookie":
a reader who had once signed in got a Set-Cookie from a statement page, and a page that
no shared cache would keep. Readers get no cookie, so on a GET or HEAD such a cookie is
only ignored (it names nothing: the reader is anonymous); it is deleted the next time it
comes with a form sent (signing in, for one). Everything else is Django's own.
"""

from __future__ import annotations

from django.contrib.sessions.middleware import SessionMiddleware
from django.http import HttpRequest, HttpResponse


class ReadersSessions(SessionMiddleware):
    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        session = getattr(request, "session", None)
        if (session is not None and request.method in ("GET", "HEAD")
                and not session.modified and session.is_empty()):
            return response
        return super().process_response(request, response)
