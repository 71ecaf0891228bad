"""The CDN purge hook: one JSON POST per committed change, to a real local server."""

from __future__ import annotations

import json
import queue
import threading
import time
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from sokhan.comments import moderation, posting
from sokhan.pagecache import purge
from sokhan.website.models import SiteSettings

pytestmark = pytest.mark.django_db(transaction=True)


def purge_api(on_purge, delay: float = 0.0) -> HTTPServer:
    """A real local HTTP server standing for a CDN's purge adapter: it hands each body it
    receives to ``on_purge``, after ``delay`` seconds."""

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            time.sleep(delay)
            on_purge(body)
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture
def purges(settings, generations):
    received: queue.Queue[dict] = queue.Queue()
    server = purge_api(received.put)
    settings.SOKHAN_PURGE_URL = f"http://127.0.0.1:{server.server_port}/purge"
    settings.SOKHAN_SITE_URL = "https://statements.example.org"
    SiteSettings.load()
    yield received
    server.shutdown()


def drain(purges: queue.Queue[dict]) -> list[dict]:
    """What arrives within a second (purges are sent from background threads)."""
    got = []
    try:
        while True:
            got.append(purges.get(timeout=1))
    except queue.Empty:
        return got


def test_a_statement_change_purges_everything(purges, make_statement):
    make_statement("On the strike", slug="on-the-strike")
    assert purges.get(timeout=5)["everything"] is True


def test_an_approved_comment_purges_its_statement_pages(purges, make_statement):
    statement = make_statement("On the strike", slug="on-the-strike")
    drain(purges)
    comment = posting.save(statement, {"comment": "Solidarity"}, None, "hash", 1)
    moderation.approve([comment], None)
    change = purges.get(timeout=5)
    assert change["everything"] is False
    assert "https://statements.example.org/en/statements/on-the-strike/" in change["urls"]
    assert "https://statements.example.org/en/statements/on-the-strike/comments/feed/" in \
        change["urls"]
    # Its reply page shows it too (and must go when it is removed).
    assert f"https://statements.example.org/en/comments/{comment.number}/reply/" in change["urls"]
    assert drain(purges) == []  # the pending comment itself asked for nothing


def published(make_statement, count: int) -> list:
    """``count`` published threads on one statement, their purges drained."""
    statement = make_statement("On the strike", slug="on-the-strike")
    comments = [posting.save(statement, {"comment": f"Thread {n}"}, None, "hash", 1)
                for n in range(count)]
    moderation.approve(comments, None)
    return comments


def test_a_comment_on_a_later_page_purges_that_page(purges, make_statement, settings):
    settings.SOKHAN_COMMENTS_PER_PAGE = 1
    _first, second = published(make_statement, 2)
    drain(purges)
    moderation.remove([second], None, "spam", marker=False)
    urls = purges.get(timeout=5)["urls"]
    assert "https://statements.example.org/en/statements/on-the-strike/?page=2" in urls


def test_a_thread_that_goes_purges_every_later_page_of_comments(purges, make_statement,
                                                                settings):
    # Removing the first of three threads moves the second onto page 1 and the third onto
    # page 2, and leaves page 3 empty: each of those pages changed.
    settings.SOKHAN_COMMENTS_PER_PAGE = 1
    comments = published(make_statement, 3)
    drain(purges)
    moderation.remove([comments[0]], None, "spam", marker=False)
    urls = purges.get(timeout=5)["urls"]
    page = "https://statements.example.org/en/statements/on-the-strike/?page="
    assert {page + "2", page + "3"} <= set(urls)


def test_threads_removed_in_one_action_purge_the_last_page_there_was(purges, make_statement,
                                                                     settings):
    # Five threads, two a page: removing the first and the last together leaves three, on
    # two pages. Page 3 held the last one; counted after the commit, it is no page at all.
    settings.SOKHAN_COMMENTS_PER_PAGE = 2
    comments = published(make_statement, 5)
    drain(purges)
    moderation.remove([comments[0], comments[4]], None, "spam", marker=False)
    urls = {url for change in drain(purges) for url in change["urls"]}
    page = "https://statements.example.org/en/statements/on-the-strike/?page="
    assert {page + "2", page + "3"} <= urls


def test_a_flood_moderated_at_once_is_one_purge_of_what_readers_saw(purges, make_statement,
                                                                   settings):
    # Each comment of a selection sent its own purge, from its own thread: 1,002 POSTs for
    # a flood marked as spam that no reader had ever seen.
    shown = published(make_statement, 30)[:20]
    statement = shown[0].statement
    waiting = [posting.save(statement, {"comment": f"Spam {n}"}, None, "hash", 1)
               for n in range(30)]
    drain(purges)
    moderation.mark_spam(waiting, None)
    assert drain(purges) == []  # never on a page
    drain(purges)
    moderation.remove(shown, None, "spam", marker=False)
    sent = drain(purges)
    assert len(sent) == 1
    assert {f"https://statements.example.org/en/comments/{c.number}/reply/" for c in shown} <= \
        set(sent[0]["urls"])


def test_a_purge_names_at_most_a_hundred_addresses_a_request(purges, settings):
    # One request for a flood removed at once named every reply page: past a CDN's cap
    # (Cloudflare: 100), the call is refused and nothing is purged.
    pages = [f"https://statements.example.org/en/comments/{n}/reply/" for n in range(250)]
    drain(purges)
    purge.send(everything=False, urls=pages)
    sent = drain(purges)
    assert sorted(len(change["urls"]) for change in sent) == [50, 100, 100]
    assert {url for change in sent for url in change["urls"]} == set(pages)
    flood = [f"https://statements.example.org/en/comments/{n}/reply/" for n in range(1250)]
    purge.send(everything=False, urls=flood)
    assert [change["everything"] for change in drain(purges)] == [True]


def test_a_deleted_comment_purges_the_page_it_stood_on(purges, make_statement, settings):
    settings.SOKHAN_COMMENTS_PER_PAGE = 1
    _first, second = published(make_statement, 2)
    drain(purges)
    second.delete()  # the admin's Delete: the row is gone before the purge is sent
    urls = purges.get(timeout=5)["urls"]
    assert "https://statements.example.org/en/statements/on-the-strike/?page=2" in urls


def test_a_broken_cdn_never_breaks_publishing(settings, generations, make_statement, caplog):
    settings.SOKHAN_PURGE_URL = "http://127.0.0.1:9/nothing-listens-here"
    from sokhan.pagecache import purge

    thread = purge.send(everything=True)
    make_statement("Still published", slug="still-published")
    thread.join(10)
    assert "CDN purge request" in caplog.text


def test_a_process_that_ends_waits_for_its_purges_first(settings):
    # `sokhan import` exited while its purge was still being sent from a daemon thread,
    # which died with it: the CDN kept the old page. At exit, purge.finish() runs.
    arrived = threading.Event()
    server = purge_api(lambda _body: arrived.set(), delay=0.5)  # a slow purge API
    settings.SOKHAN_PURGE_URL = f"http://127.0.0.1:{server.server_port}/purge"
    try:
        thread = purge.send(everything=True)
        purge.finish()
        assert arrived.is_set() and not thread.is_alive()
    finally:
        server.shutdown()


def test_a_transaction_of_many_changes_purges_everything_once(purges, make_statement,
                                                              make_topic):
    # A statement saved with its topics sent five identical requests, each its own
    # thread; an import of 42 statements, 126.
    from django.db import transaction

    topics = [make_topic(), make_topic()]
    drain(purges)
    with transaction.atomic():
        for n in range(3):
            statement = make_statement(f"Statement {n}")
            statement.topics.set(topics)
            statement.save()
    assert [change["everything"] for change in drain(purges)] == [True]
    with transaction.atomic():  # a change in a savepoint that rolls back purges nothing...
        try:
            with transaction.atomic():
                make_statement("Rolled back")
                raise RuntimeError
        except RuntimeError:
            pass
        make_statement("Kept")  # ...and the one after it purges, once
    assert [change["everything"] for change in drain(purges)] == [True]
