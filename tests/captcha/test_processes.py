"""Across real server processes: a plain HTTP client comments using only the HTML and the
challenge endpoint, and a token solved through one server is refused by the other."""

from __future__ import annotations

import json

import pytest
from bs4 import BeautifulSoup

from sokhan.captcha import puzzle

from ..servers import Server, environment, fetch, run

DEMO = "/en/statements/statement-on-the-arrest-of-journalists-in-the-capital/"


@pytest.fixture(scope="module")
def two_servers(tmp_path_factory):
    data = tmp_path_factory.mktemp("shared")
    env = environment(data, DJANGO_SETTINGS_MODULE="sokhan.bench_settings",
                      SOKHAN_CAPTCHA_MIN_SECONDS="0")
    run(["setup"], env)
    servers = [Server(env), Server(env)]
    yield servers
    for server in servers:
        server.stop()


def form_fields(html: bytes) -> tuple[str, dict[str, str]]:
    """The comment form as a browser without JavaScript would send it."""
    form = BeautifulSoup(html, "html.parser").find("form", id="comment-form")
    fields = {i["name"]: i.get("value", "") for i in form.find_all("input") if i.get("name")}
    fields.update({t["name"]: t.get_text().removeprefix("\n") for t in form.find_all("textarea")})
    return form["action"], fields


def test_plain_http_client_comments_through_the_html(two_servers):
    base = two_servers[0].base
    status, page, headers = fetch(base + DEMO)
    assert status == 200 and "Set-Cookie" not in headers
    action, fields = form_fields(page)
    fields.update(comment="Written by a plain HTTP client.", name="curl")
    status, step, headers = fetch(base + action, {**fields, "save": "1"})
    assert status == 200 and b"Enter the characters shown in the image." in step
    answer = headers["X-Sokhan-Test-Answer"]
    action, fields = form_fields(step)
    assert fields["comment"] == "Written by a plain HTTP client."
    status, done, _ = fetch(base + action, {**fields, "captcha_answer": answer, "save": "1"})
    assert status == 200 and b"queued for review" in done


def solved(base: str, comment: str) -> dict[str, str]:
    """A comment form with a challenge from ``base``, answered (the script's way)."""
    _status, data, _headers = fetch(base + "/en/captcha/new.json")
    challenge = json.loads(data)
    return {"comment": comment, "captcha_token": challenge["token"],
            "captcha_answer": challenge["answer"],
            "puzzle": puzzle.answer(challenge["puzzle"]), "save": "1"}


def test_replay_is_refused_by_the_other_process(two_servers):
    first, second = (server.base for server in two_servers)
    fields = solved(first, "Once only")
    status, done, _ = fetch(second + DEMO + "comments/", fields)
    assert status == 200 and b"queued for review" in done
    for base in (first, second):
        status, again, _ = fetch(base + DEMO + "comments/", {**fields, "comment": "Twice"})
        assert status == 400 and b"already used" in again


def test_a_form_sent_again_to_the_other_process_is_answered_with_the_comment(two_servers):
    # Back and "resend" after saving, or Save pressed twice, may reach another worker: it
    # gave a new image, then "already posted", and never the deletion link again.
    first, second = (server.base for server in two_servers)
    fields = solved(first, "Sent, then sent again")
    status, done, _ = fetch(first + DEMO + "comments/", fields)
    assert status == 200 and b"queued for review" in done
    status, again, _ = fetch(second + DEMO + "comments/", fields)
    assert status == 200 and b"queued for review" in again
    def deletion_path(html: bytes) -> str:
        link = BeautifulSoup(html, "html.parser").select_one(".private-link a")["href"]
        return link.split("/", 3)[3]  # each server names itself in the address
    assert deletion_path(again) == deletion_path(done)
