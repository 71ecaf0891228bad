"""A page kept for one query answers another only if it asked for none of its names.

The WSGI layer's side with a stand-in for Django (pure), and request.GET's side.
"""

from __future__ import annotations

import copy
import io
import re
import time
from urllib.parse import parse_qsl

import pytest
from django.http import QueryDict
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sokhan.pagecache.generations import SITE, FileGenerations
from sokhan.pagecache.layer import DECISION, PageCache
from sokhan.pagecache.store import PageStore
from sokhan.pagecache.watchedquery import WatchedQuery, names_read


class Page:
    """Stands for Django: a page that asked for the names ``reads`` (None: all of them)."""

    def __init__(self, reads: frozenset[str] | None) -> None:
        self.reads = reads
        self.rendered: list[str] = []

    def __call__(self, environ, start_response):
        self.rendered.append(environ["QUERY_STRING"])
        environ[DECISION] = ((SITE,), time.time() + 3600, self.reads)
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [environ["QUERY_STRING"].encode()]


def get(app: PageCache, query: str) -> bytes:
    environ = {"REQUEST_METHOD": "GET", "PATH_INFO": "/en/", "QUERY_STRING": query,
               "SERVER_PORT": "80", "HTTP_HOST": "testserver", "wsgi.url_scheme": "http",
               "wsgi.input": io.BytesIO()}
    return b"".join(app(environ, lambda *args: None))


@pytest.fixture
def site(tmp_path):
    def made(reads):
        page = Page(reads)
        return page, PageCache(page, FileGenerations(tmp_path / "counters"),
                               PageStore(1 << 20), staff_key=b"key")
    return made


@pytest.mark.parametrize(("kept", "asked", "answered_from_memory"), [
    ("", "fbclid=x", True),
    ("", "utm_source=a&utm_medium=b", True),
    ("", "r", True),
    ("", "q=strike", False),  # a name the page asked for
    ("", "%71=strike", False),  # the same name, escaped
    ("", "q=strike&fbclid=x", False),
    ("page=2", "page=2&fbclid=x", True),
    ("page=2", "fbclid=x&page=2", True),
    ("page=2", "fbclid=x", False),  # that is page 1
    ("page=2", "page=2&page=3", False),
    ("page=2", "page=2&page=x", False),
])
def test_a_page_kept_answers_a_query_only_with_names_it_never_asked_for(
        site, kept, asked, answered_from_memory):
    page, app = site(frozenset({"q", "page"}))
    get(app, kept)
    assert (get(app, asked) == kept.encode()) is answered_from_memory
    assert len(page.rendered) == (1 if answered_from_memory else 2)


def test_a_page_that_read_its_query_whole_answers_its_own_query_alone(site):
    page, app = site(None)
    get(app, "")
    assert get(app, "") == b""
    assert get(app, "fbclid=x") == b"fbclid=x"
    assert page.rendered == ["", "fbclid=x"]


def test_the_first_request_with_other_names_keeps_the_page_for_every_later_one(site):
    page, app = site(frozenset({"q", "page"}))
    get(app, "fbclid=one")
    assert get(app, "") == get(app, "utm_source=two") == b"fbclid=one"
    assert page.rendered == ["fbclid=one"]
    get(app, "q=words")  # rendered, and not kept in its place
    assert get(app, "") == b"fbclid=one"


names = st.sampled_from(["q", "page", "p", "fbclid", "utm_source", "%71", "pa%67e", "q+",
                         "", "=", "page=1", "p=2", "%", "%zz"])
queries = st.lists(st.tuples(names, st.sampled_from(["", "=", "=1", "=x", "=%20"])),
                   max_size=5).map(lambda parts: "&".join(n + v for n, v in parts))


# The fixture is a factory: each example makes a site of its own.
@settings(max_examples=300, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(kept=st.sampled_from(["", "page=1", "p=2"]), asked=queries)
def test_a_page_is_never_answered_for_a_query_holding_a_name_it_asked_for(site, kept, asked):
    reads = frozenset({"q", "page"})
    page, app = site(reads)
    get(app, kept)
    if get(app, asked) == kept.encode() and len(page.rendered) == 1 and asked != kept:
        # Answered from memory: the query held the kept page's number, and no other
        # name the page asked for, as Django reads names.
        parts = [part for part in asked.split("&") if part]
        numbers = [part for part in parts if re.fullmatch(r"(page|p)=[0-9]{1,6}", part)]
        assert numbers == ([kept] if kept else []), asked
        other = parse_qsl("&".join(p for p in parts if p not in numbers),
                          keep_blank_values=True)
        assert reads.isdisjoint(name for name, _value in other), asked


# --- request.GET's side -------------------------------------------------------------------

def watched(query: str) -> WatchedQuery:
    return WatchedQuery.of(QueryDict(query))


def test_names_asked_for_are_noted():
    query = watched("q=strike&topic=labour&topic=women")
    assert query.get("q") == "strike" and query["q"] == "strike"
    assert query.getlist("topic") == ["labour", "women"]
    assert "page" not in query and query.get("year") is None
    with pytest.raises(KeyError):
        query["signatory"]
    assert query._names == {"q", "topic", "page", "year", "signatory"} and not query._whole


@pytest.mark.parametrize("reading", [
    len, bool, list, dict, repr, iter, reversed, copy.copy, copy.deepcopy,
    lambda q: {**q}, lambda q: q == {}, lambda q: q | {}, lambda q: q.keys(),
    lambda q: q.items(), lambda q: q.values(), lambda q: q.lists(), lambda q: q.dict(),
    lambda q: q.urlencode(), lambda q: q.copy(), lambda q: [*q],
])
def test_any_other_reading_reads_the_query_whole(reading):
    query = watched("q=strike")
    reading(query)
    assert query._whole


def test_the_request_says_what_its_page_asked_for(rf):
    request = rf.get("/en/search/", {"q": "strike", "fbclid": "x"})
    request.GET = WatchedQuery.of(request.GET)
    request.GET.get("q")
    assert names_read(request) == {"q"}
    request.GET = QueryDict("q=strike")  # replaced (a view set request.encoding): unknown
    assert names_read(request) is None
