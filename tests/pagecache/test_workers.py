"""Through every worker of a real server on the default setup (SQLite, counters in a
mapped file): a comment approved by another process shows on the very next request."""

from __future__ import annotations

import pytest

from ..servers import Server, environment, fetch, run

DEMO = "/en/statements/statement-on-the-arrest-of-journalists-in-the-capital/"
APPROVE = """
from sokhan.comments import moderation, posting
from sokhan.publishing.models import Statement
statement = Statement.objects.get(slug={slug!r}, language="en")
moderation.approve([posting.save(statement, {{"comment": {text!r}}}, None, "h", 1)], None)
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    env = environment(tmp_path_factory.mktemp("workers"))
    run(["setup"], env)
    server = Server(env, workers=2)
    yield server, env
    server.stop()


def test_an_approval_by_another_process_shows_on_every_worker_at_once(site):
    server, env = site
    text = "Seen by every worker at once"
    for _ in range(20):  # both workers now keep the page
        status, page, headers = fetch(server.base + DEMO)
        assert status == 200 and text.encode() not in page
    etag = headers["ETag"]
    assert fetch(server.base + DEMO, headers={"If-None-Match": etag})[0] == 304

    run(["manage", "shell", "-c", APPROVE.format(slug=DEMO.split("/")[3], text=text)], env)

    for _ in range(20):
        status, page, headers = fetch(server.base + DEMO)
        assert status == 200 and text.encode() in page
        assert headers["ETag"] != etag
