"""A comment sent in chunks (Transfer-Encoding: chunked, no Content-Length) keeps its
words, through the real server: Django read such a body as empty."""

from __future__ import annotations

import http.client
import re
from html import unescape
from urllib.parse import urlencode

import pytest

from .servers import Server, environment, run

DEMO = "/en/statements/statement-on-the-arrest-of-journalists-in-the-capital/"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    env = environment(tmp_path_factory.mktemp("chunked") / "data")
    run(["setup"], env)
    running = Server(env)
    yield running
    running.stop()


def post_in_chunks(port: int, body: bytes) -> tuple[int, str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    try:
        connection.request("POST", DEMO + "comments/", body=iter([body[:7], body[7:]]),
                           headers={"Content-Type": "application/x-www-form-urlencoded",
                                    "Origin": f"http://127.0.0.1:{port}"},
                           encode_chunked=True)
        response = connection.getresponse()
        return response.status, response.read().decode()
    finally:
        connection.close()


def kept(page: str) -> str:
    found = re.search(r'<textarea[^>]*name="comment"[^>]*>\n?(.*?)</textarea>', page,
                      re.DOTALL)
    return unescape(found[1]) if found else ""


def test_a_comment_sent_in_chunks_comes_back_with_its_words(server):
    status, page = post_in_chunks(server.port, urlencode(
        {"comment": "Words sent in chunks", "new_challenge": "1"}).encode())
    assert status == 200
    assert kept(page) == "Words sent in chunks"


def test_a_comment_sent_in_chunks_past_every_limit_is_refused_as_too_large(server):
    status, page = post_in_chunks(server.port, urlencode(
        {"comment": "x" * 3_000_000, "save": "1"}).encode())
    assert status == 413
    assert "The comment is 3,000,000 characters long" in page
    assert kept(page) == "x" * 3_000_000  # the form again, with the words to shorten


def test_broken_chunks_are_answered_not_a_server_error(server):
    import socket

    with socket.create_connection(("127.0.0.1", server.port), timeout=20) as raw:
        raw.sendall(b"POST " + DEMO.encode() + b"comments/ HTTP/1.1\r\n"
                    b"Host: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n"
                    b"Content-Type: application/x-www-form-urlencoded\r\n\r\n"
                    b"zz\r\ncomment=x\r\n0\r\n\r\n")
        answer = raw.recv(100)
    assert not answer.startswith(b"HTTP/1.1 5")
