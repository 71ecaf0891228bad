"""Requests Django refuses as suspicious are logged in one line, without a traceback: they
are the visitor's doing and answered 400, and scanners send them all day (the real-server
test in tests/test_fuzz.py asserts the log holds no traceback)."""

from __future__ import annotations

import io
import logging
import re
from datetime import UTC, datetime, timedelta

import pytest

pytestmark = pytest.mark.django_db


def _written_by(logger: str):
    """What settings.LOGGING's own handlers of ``logger`` write, while the test runs
    (pytest attaches its capturing handlers as well)."""
    handlers = [handler for handler in logging.getLogger(logger).handlers
                if type(handler) is logging.StreamHandler]
    assert handlers, f"{logger} has its own handler (settings.LOGGING)"
    streams = [handler.setStream(io.StringIO()) for handler in handlers]
    yield lambda: "".join(handler.stream.getvalue() for handler in handlers)
    for handler, stream in zip(handlers, streams, strict=True):
        handler.setStream(stream)


@pytest.fixture
def security_log():
    yield from _written_by("django.security")


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


def test_a_huge_host_header_is_a_short_line_in_the_log(client, security_log):
    # A 10 kB Host header was written twice in full: 20 kB of log for one request.
    response = client.get("/en/", headers={"host": "a" * 10_000 + ".example"})
    assert response.status_code == 400
    assert len(security_log()) < 450


@pytest.fixture
def request_log():
    yield from _written_by("django.request")


@pytest.mark.parametrize("path", ["/en/comments/delete/WzEsIjIwMjYiXQ:secret-part/",
                                  "/en/captcha/eyJhIjoxfQ:token-part/image.png"])
def test_a_logged_error_keeps_no_one_s_key_and_says_its_time_in_utc(request_log, path):
    # "Service Unavailable: /en/comments/delete/WzEs…/": whoever read the log could delete
    # that comment. And the time was Tehran's, with no offset, beside the journal's UTC.
    logging.getLogger("django.request").error("Service Unavailable: %s", path)
    line = request_log().strip()
    assert "secret-part" not in line and "token-part" not in line
    assert line.endswith(("/comments/delete/-/", "/captcha/-/image.png"))
    assert re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z ERROR django\.request: ", line)
    moment = datetime.strptime(line[:19], "%Y-%m-%dT%H:%M:%S").replace(tzinfo=UTC)
    assert abs(moment - datetime.now(UTC)) < timedelta(minutes=1)
