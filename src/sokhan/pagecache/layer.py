"""A WSGI layer in front of Django that answers anonymous readers from memory.

Django's own middleware stack costs more per request than a whole cached page is worth,
so pages a reader may share with every other reader are answered here, before Django
runs: a dictionary lookup and a check of the generation counters (see
``generations.py``). A stale page is never served: its counters moved on, or its expiry
(the next scheduled publication, at the latest) has passed.

What is stored is decided inside Django (``marking.Cacheability``), which knows who the
visitor is and what the page shows; it leaves its decision in the WSGI environ. This
layer only skips what can never be shared: anything but GET and HEAD, requests from a
signed-in member of staff (a valid staff mark, ``staffmark.py``: not merely a cookie
named like Django's session, which anyone can send).

A page is kept under its address and page number (``?page=2``) alone: random queries
must not push the popular pages out of memory. A request with other names in its query
(``?fbclid=…``, ``?utm_source=…``, ``?r=123``) is answered with that page when the page
asked for none of those names while it was rendered (``watchedquery.py``), and the first
such request keeps it; otherwise (a search's ``?q=``) Django renders it and nothing is
kept.

No Django import: it can be read, tested and measured on its own.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable, Sequence
from typing import Any
from urllib.parse import unquote

from sokhan.pagecache import staffmark
from sokhan.pagecache.generations import Generations
from sokhan.pagecache.store import Entry, PageStore

# Left in the environ by Django when the response may be kept: (tags, expires, the
# names of the query the page asked for, or None if it read the query whole).
DECISION = "sokhan.pagecache.decision"
StartResponse = Callable[..., Any]
WSGIApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]

# A page of a list (?page=2), or of the sitemap (?p=2), its number as links write it: the
# page's keys. ("page=01" … "page=000001" were six more copies of page 1, each rendered.)
PAGE_QUERY = re.compile(r"((?:page|p)=[1-9][0-9]{0,5})?")
# The headers a 304 repeats (RFC 9110, 15.4.5).
_NOT_MODIFIED_HEADERS = {"cache-control", "content-location", "etag", "expires", "vary"}


class PageCache:
    def __init__(self, app: WSGIApp, generations: Generations, store: PageStore, *,
                 staff_key: bytes, public_ports: frozenset[str] = frozenset(),
                 clock: Callable[[], float] = time.time) -> None:
        """``public_ports``: ports readers reach the site on, other than the server's own
        and a Host without one (the port of SOKHAN_SITE_URL: a proxy that passes it on,
        Docker's -p 8080:8000)."""
        self.app = app
        self.generations = generations
        self.store = store
        self.staff_key = staff_key  # the site's secret, which signs the staff mark
        self.public_ports = public_ports
        self.clock = clock

    def __call__(self, environ: dict[str, Any],
                 start_response: StartResponse) -> Iterable[bytes]:
        method = environ["REQUEST_METHOD"]
        _lower_host(environ)
        query = _query(environ.get("QUERY_STRING", ""))
        if (method not in ("GET", "HEAD") or query is None
                or staffmark.carried(self.staff_key, environ.get("HTTP_COOKIE", ""))
                or (origin := _origin(environ, self.public_ports)) is None):
            return self.app(environ, start_response)
        page, others = query
        key = (*origin, environ.get("PATH_INFO"), page)
        entry = self.store.get(key)
        if entry is not None and _answers(entry.reads, others) and self._fresh(entry):
            return _serve(entry, environ, start_response, method == "HEAD",
                          left=int(entry.expires - self.clock()))
        if method == "HEAD":
            # Rendered as a GET, as a shared cache asks its origin: Django computes no ETag
            # for a HEAD (it has no body to hash), and the page is then kept for the GETs.
            body = self._render(key, others, {**environ, "REQUEST_METHOD": "GET"},
                                start_response)
            _close(body)
            return []
        return self._render(key, others, environ, start_response)

    def _fresh(self, entry: Entry) -> bool:
        try:
            return self.clock() < entry.expires and self.generations.read(entry.tags) == entry.stamp
        except Exception:  # noqa: BLE001 - counters unreachable (Redis down): render instead
            return False

    def _render(self, key: tuple[Any, ...], others: frozenset[str], environ: dict[str, Any],
                start_response: StartResponse) -> Iterable[bytes]:
        try:
            # Read before Django reads the database: a change committed while the page
            # renders then makes the kept copy stale at once instead of stale forever.
            snapshot: Sequence[int] | None = self.generations.snapshot()
        except Exception:  # noqa: BLE001 - counters unreachable: serve, but keep nothing
            snapshot = None
        captured: list[Any] = []

        def capture(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            if (DECISION in environ and snapshot is not None and exc_info is None
                    and _answers(environ[DECISION][2], others)
                    and _keepable(status, headers)):
                captured[:] = [status, headers]
                return _no_write
            return start_response(status, headers, exc_info)

        result = self.app(environ, capture)
        if not captured:
            return result
        try:
            body = b"".join(result)
        finally:
            _close(result)
        status, headers = captured
        tags, expires, reads = environ[DECISION]
        entry = _entry(status, headers, body, tags, tuple(snapshot[t] for t in tags),
                       expires, reads)
        self.store.put(key, entry)
        start_response(status, headers)
        return [body]


def _query(query: str) -> tuple[str, frozenset[str]] | None:
    """A query string as the page number it asks for (the part kept in the key, as sent:
    "page=2", or "") and the names of the rest; None if it cannot be told apart so simply
    (two page numbers, a character outside ASCII, which Django decodes its own way)."""
    if PAGE_QUERY.fullmatch(query):
        return query, frozenset()
    if not query.isascii():
        return None
    page, others = "", set()
    for part in query.split("&"):
        if not part:  # "a=1&&b=2", as Django reads it
            continue
        if PAGE_QUERY.fullmatch(part):
            if page:
                return None
            page = part
        else:  # as Django reads a name (parse_qsl): "+" a space, then %-escapes
            others.add(unquote(part.partition("=")[0].replace("+", " ")))
    return page, frozenset(others)


def _answers(reads: frozenset[str] | None, others: frozenset[str]) -> bool:
    """Whether a page that asked for the names ``reads`` is the page for a query that
    holds ``others`` besides its page number: it asked for none of them."""
    return not others or (reads is not None and reads.isdisjoint(others))


def _close(result: Iterable[bytes]) -> None:
    """What a WSGI server does with a response it has sent (PEP 3333)."""
    close = getattr(result, "close", None)
    if close is not None:
        close()


def _lower_host(environ: dict[str, Any]) -> None:
    """A Host in capitals is the same host: it is made lower case for Django too, whose
    links are then those of every other reader's page. Each was rendered afresh, every
    time: four connections asking for a sitemap of 30,000 statements as "LOCALHOST" kept
    both workers busy, and readers waited five seconds for a page kept in memory (an
    operator's review)."""
    host = environ.get("HTTP_HOST", "")
    if host != host.lower():
        environ["HTTP_HOST"] = host.lower()


def _origin(environ: dict[str, Any],
            public_ports: frozenset[str]) -> tuple[str, str, str] | None:
    """The scheme and host a page's links are made of (they are in its bytes).

    Django accepts any port of an allowed host. A port neither the server's nor a public
    one (nor 80 or 443) is dropped, for Django too: the page is the one kept for the host
    without a port, and its links name none. Each made-up port was rendered afresh, every
    time (nginx passes the Host on as sent), so a flood of them held the workers as a
    flood of searches would, with no limit. Only pages are answered so: a POST keeps its
    Host, which Django's CSRF check compares with the form's Origin (an SSH tunnel to
    the admin on another port), and so does anyone who carries the staff mark. None (not
    kept) for a Host Django refuses anyway: "host:1234:1" was "host:1234" once its last
    port was dropped, each made-up first one kept a copy (a review).

    X-Forwarded-Proto is "https" or not, as Django reads it (the first of a list,
    stripped: "https, http" is https)."""
    forwarded = environ.get("HTTP_X_FORWARDED_PROTO", "")
    proto = "https" if forwarded.split(",", 1)[0].strip() == "https" else ""
    host = environ.get("HTTP_HOST", "")
    name, colon, port = host.rpartition(":")
    if (colon and "]" not in port  # [::1] has colons of its own
            and port not in _DEFAULT_PORTS and port != environ.get("SERVER_PORT")
            and port not in public_ports):
        if not _PORT.fullmatch(port) or (":" in name and not _BRACKETED.fullmatch(name)):
            return None
        host = environ["HTTP_HOST"] = name
    return environ.get("wsgi.url_scheme", "http"), proto, host


_PORT = re.compile(r"[0-9]*")
_BRACKETED = re.compile(r"\[[^\[\]]*\]")  # an IPv6 address, as Django takes it


_DEFAULT_PORTS = frozenset({"80", "443"})


def _keepable(status: str, headers: list[tuple[str, str]]) -> bool:
    """A second guard behind Django's decision: only a 200 that sets no cookie."""
    return status.startswith("200 ") and not any(
        name.lower() == "set-cookie" for name, _value in headers)


def _no_write(data: bytes) -> None:
    raise RuntimeError("pages kept by the page cache must not use write()")


def _entry(status: str, headers: list[tuple[str, str]], body: bytes,
           tags: tuple[int, ...], stamp: tuple[int, ...], expires: float,
           reads: frozenset[str] | None) -> Entry:
    named = {name.lower(): value for name, value in headers}
    return Entry(status=status, headers=tuple(headers), body=body, tags=tags, stamp=stamp,
                 expires=expires, reads=reads, etag=named.get("etag"),
                 longest=max((int(m[2]) for m in _LIFETIME.finditer(
                     named.get("cache-control", ""))), default=0))


def _serve(entry: Entry, environ: dict[str, Any], start_response: StartResponse,
           head: bool, left: int) -> Iterable[bytes]:
    # Rewritten only when the copy has less time left than it tells caches (near a
    # scheduled statement); otherwise, on nearly every hit, the kept headers as they are.
    headers = _bounded(entry.headers, left) if left < entry.longest else list(entry.headers)
    if _not_modified(entry, environ):
        start_response("304 Not Modified", [
            (name, value) for name, value in headers
            if name.lower() in _NOT_MODIFIED_HEADERS])
        return []
    start_response(entry.status, headers)
    return [] if head else [entry.body]


_LIFETIME = re.compile(r"\b(max-age|s-maxage)=([0-9]+)")


def _bounded(headers: Sequence[tuple[str, str]], left: int) -> list[tuple[str, str]]:
    """The kept headers, with no cache told to keep the page longer than the ``left``
    seconds this copy has: a scheduled statement may be due then, and the lifetimes were
    worked out when the page was rendered, ``left`` seconds closer to it."""
    return [(name, _LIFETIME.sub(lambda m: f"{m[1]}={min(int(m[2]), max(0, left))}", value))
            if name.lower() == "cache-control" else (name, value)
            for name, value in headers]


def _not_modified(entry: Entry, environ: dict[str, Any]) -> bool:
    """RFC 9110, 13.2.2: If-None-Match. (Pages carry no Last-Modified, so an
    If-Modified-Since has nothing to compare with.)"""
    if_none_match = environ.get("HTTP_IF_NONE_MATCH")
    if if_none_match is None or entry.etag is None:
        return False
    wanted = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
    return "*" in wanted or entry.etag.removeprefix("W/") in wanted
