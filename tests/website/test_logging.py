"""Requests Django refuses as suspicious are logged in one line, without a traceback: they
are the visitor's doing and answered 400, and scanners send them all day (the real-server
test in tests/test_fuzz.py asserts the log holds no traceback)."""

from __future__ import annotations

import io
import logging

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def security_log():
    # settings.LOGGING's own handler; pytest attaches its capturing handlers as well.
    handlers = [handler for handler in logging.getLogger("django.security").handlers
                if type(handler) is logging.StreamHandler]
    assert handlers, "django.security has its own handler (settings.LOGGING)"
    streams = [handler.setStream(io.StringIO()) for handler in handlers]
    yield lambda: "".join(handler.stream.getvalue() for handler in handlers)
    for handler, stream in zip(handlers, streams, strict=True):
        handler.setStream(stream)


@pytest.mark.parametrize(("headers", "query"), [
    ({"host": "evil.example"}, ""),
    ({}, "&".join(f"f{n}=1" for n in range(2000))),
])
def test_a_suspicious_request_is_one_line_in_the_log(client, security_log, headers, query):
    response = client.get("/en/?" + query, headers=headers)
    assert response.status_code == 400
    lines = security_log().splitlines()
    assert len(lines) == 1 and "ERROR django.security." in lines[0]
    assert "Traceback" not in security_log()
