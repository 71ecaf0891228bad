"""Thousands of malformed requests to every address and form never answer 5xx, and never
leave an error in the log.

Every URL pattern comes from the resolver (both language prefixes and the editors' desk),
its parameters filled with values from the demo content and with hostile ones. Each
address is then sent wrong methods, odd and repeated query fields, huge and broken bodies,
bytes that are not UTF-8, path-traversal tricks and hostile headers: first through
Django's test client, then, as a shorter sample, as raw bytes to a real server, because
the test client tidies some bytes (the request line, header names) before Django sees them.

tests/test_bad_input.py keeps the readable table of single cases; this file is the sweep.
A failure names the request; the test client is then asked once more, re-raising, so the
traceback shows where it broke.
"""

from __future__ import annotations

import itertools
import json
import logging
import re
import socket
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote, quote_from_bytes, urlencode

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.admin import SimpleListFilter
from django.contrib.admin import site as admin_site
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.test import Client, RequestFactory
from django.urls import URLResolver, get_resolver, reverse
from django.urls.resolvers import LocalePrefixPattern, RoutePattern
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from reversion.models import Version

from sokhan.antispam.models import DisallowedWord, Rejection
from sokhan.antispam.verdict import Reason
from sokhan.captcha import token
from sokhan.cli import DEMO_DIR
from sokhan.comments import posting
from sokhan.comments.models import Action, Block, Comment, ModerationAction, Status, email_key
from sokhan.publishing.models import Signatory, Statement, Topic
from sokhan.publishing.transfer import import_paths

from .servers import Server, environment, run

pytestmark = pytest.mark.django_db

MiB = 1024 * 1024


# --- One request, as the bytes on the wire would carry it -----------------------------------

@dataclass(frozen=True)
class Probe:
    method: str = "GET"
    path: str = "/"          # percent-encoded; "%ff" stands for the raw byte
    query: bytes = b""
    headers: tuple[tuple[str, bytes], ...] = ()
    body: bytes = b""
    content_type: str = "application/x-www-form-urlencoded"

    def __str__(self) -> str:
        def short(value: str | bytes) -> str:
            text = repr(value)
            return text if len(text) <= 160 else f"{text[:140]}… ({len(value)} long)"
        parts = [f"{short(self.method)} {short(self.path)}"]
        if self.query:
            parts.append(f"query={short(self.query)}")
        parts += [f"{name}: {short(value)}" for name, value in self.headers]
        if self.body:
            parts.append(f"Content-Type: {short(self.content_type)} body={short(self.body)}")
        return " ".join(parts)


def _environ_name(header: str) -> str:
    name = header.upper().replace("-", "_")
    return name if name in ("CONTENT_TYPE", "CONTENT_LENGTH") else "HTTP_" + name


def send(client: Client, probe: Probe):
    """The probe through Django's test client (WSGI strings are bytes read as Latin-1)."""
    extra = {"QUERY_STRING": probe.query.decode("latin-1")}
    extra.update({_environ_name(name): value.decode("latin-1") for name, value in probe.headers})
    return client.generic(probe.method, probe.path, probe.body,
                          content_type=probe.content_type, **extra)


class ErrorRecords(logging.Handler):
    """Every ERROR the "django.request" logger sees: a 5xx or an unhandled exception."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture
def errors() -> Iterator[list[logging.LogRecord]]:
    handler = ErrorRecords()
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    yield handler.records
    logger.removeHandler(handler)


class Sweep:
    """Sends probes and fails, naming the request, at the first 5xx or logged error."""

    def __init__(self, client: Client, errors: list[logging.LogRecord]) -> None:
        self.client = client
        self.errors = errors
        self.sent = 0

    def __call__(self, probe: Probe) -> int:
        response = send(self.client, probe)
        self.sent += 1
        if response.status_code >= 500 or self.errors:
            logged = [record.getMessage() for record in self.errors]
            self.errors.clear()
            self.client.raise_request_exception = True
            try:
                send(self.client, probe)
            except Exception as exc:  # noqa: BLE001 - re-raised with the request named
                raise AssertionError(f"{probe}\n  raised {exc!r}") from exc
            finally:
                self.client.raise_request_exception = False
            pytest.fail(f"{probe}\n  answered {response.status_code}; logged {logged}")
        return response.status_code


def reader(errors: list[logging.LogRecord], **options: bool) -> Sweep:
    return Sweep(Client(raise_request_exception=False, **options), errors)


# --- Every address the resolver knows -------------------------------------------------------

@dataclass(frozen=True)
class Slot:
    """A parameter in an address: its name (or, unnamed, its pattern), what it accepts, and
    the text before it ("/en/topics/", "/admin/comments/block/"), which says what it names."""

    name: str
    regex: str
    after: str = ""


@dataclass(frozen=True)
class Route:
    pieces: tuple[str | Slot, ...]
    name: str

    @property
    def slots(self) -> list[Slot]:
        return [piece for piece in self.pieces if isinstance(piece, Slot)]

    @property
    def admin(self) -> bool:
        return self.pieces[1:2] == (settings.ADMIN_PATH,)

    def fill(self, value: Callable[[Slot], str]) -> str:
        return "".join(p if isinstance(p, str) else value(p) for p in self.pieces)


ROUTE_PARAMETER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<parameter>[^>]+)>")
REGEX_GROUP = re.compile(r"\((?:\?P<(?P<name>\w+)>)?(?P<body>[^()]*)\)")


def _pieces(pattern) -> tuple[str | Slot, ...]:
    if isinstance(pattern, LocalePrefixPattern):
        return (Slot("language", "|".join(code for code, _name in settings.LANGUAGES)), "/")
    if isinstance(pattern, RoutePattern):
        route, finder = str(pattern), ROUTE_PARAMETER

        def slot(found: re.Match[str]) -> Slot:
            name = found["parameter"]
            return Slot(name, pattern.converters[name].regex)
    else:  # the admin's and django-reversion's regular expressions
        route, finder = pattern._regex.removeprefix("^").removesuffix("$"), REGEX_GROUP

        def slot(found: re.Match[str]) -> Slot:
            return Slot(found["name"] or found["body"], found["body"])
    pieces: list[str | Slot] = []
    at = 0
    for found in finder.finditer(route):
        pieces += [route[at:found.start()], slot(found)]
        at = found.end()
    pieces.append(route[at:])
    return tuple(piece for piece in pieces if piece != "")


def _with_context(pieces: tuple[str | Slot, ...]) -> tuple[str | Slot, ...]:
    text, placed = "", []
    for piece in pieces:
        placed.append(piece if isinstance(piece, str) else replace(piece, after=text))
        text = text + piece if isinstance(piece, str) else ""
    return tuple(placed)


def routes() -> list[Route]:
    """Every URL pattern of the site, walked from the root resolver."""
    found: list[Route] = []

    def walk(patterns, prefix: tuple[str | Slot, ...]) -> None:
        for entry in patterns:
            pieces = prefix + _pieces(entry.pattern)
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, pieces)
            else:
                found.append(Route(_with_context(pieces), entry.name or ""))
    walk(get_resolver().url_patterns, ("/",))
    return found


# Values no parameter should choke on: out of range, too long, traversal, encodings that
# are broken or not UTF-8, NULs, CRLF, bidi controls, digits of other scripts, markup.
HOSTILE = [
    "0", "-1", "00000", "9" * 19, "9" * 400, "1e9", "NaN", "a" * 5000, "۱۲۳", "٤", "x" * 60,
    "..", ".", "%2e%2e", "..%2f..%2fetc%2fpasswd", "%2e%2e%5c%2e%2e%5cwin.ini", "..\\..\\",
    "%5c..%5c..", "%00", "a%00b", "%ff%fe", "%c0%af", "%e2%80%ae", "%ed%a0%80", "%", "%zz",
    "%%32%65", "%0d%0aSet-Cookie:%20x=y", "%20", "%09", "<script>", "'%20OR%201=1--",
    "%F0%9F%98%80", quote("مجمع_مدنی-" * 40), quote("\u200c"), "a;b=c", "a,b", "~root",
]
TRAVERSALS = [
    "../../../../etc/passwd", "..%2f..%2f..%2fetc%2fpasswd", "%2e%2e/%2e%2e/etc/passwd",
    "%2e%2e%2f%2e%2e%2fsettings.py", "..%5c..%5cwindows%5cwin.ini", "..\\..\\etc\\passwd",
    "%252e%252e%252f", "....//....//etc/passwd", "%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd",
    "/etc/passwd", "//evil.example/", "%2f%2fevil.example", "\\\\evil.example\\x",
    ".%00./", "admin/../../", "sokhan/../../../sokhan/settings.py", "..;/..;/",
    "%u002e%u002e/", "..%00/secret_key", "%2e%2e%2fsecret_key",
]
PREFIXES = ["/", "/en/", "/fa/", "/static/", "/static/sokhan/", f"/{settings.ADMIN_PATH}",
            "/en/statements/", "/fa/topics/", "/en/captcha/", "/en/comments/delete/"]


@dataclass(frozen=True)
class Demo:
    """The demo content, and values from it for every kind of parameter."""

    values: dict[str, list[str]]
    statement_url: str
    editor: object


@pytest.fixture
def demo(db, settings) -> Demo:
    """The statements of `sokhan demo`, comments (published, a reply, one pending), an
    administrator, a row for every admin list, a live CAPTCHA token and deletion links."""
    settings.SOKHAN_CAPTCHA_MIN_SECONDS = 0
    settings.SOKHAN_COMMENTS_PER_MINUTE = settings.SOKHAN_COMMENTS_PER_HOUR = 100_000
    settings.SOKHAN_CHALLENGES_PER_MINUTE = 100_000
    settings.SOKHAN_PREVIEWS_PER_MINUTE = 100_000
    settings.SOKHAN_CLIENT_IP_HEADER = "X-Real-IP"  # behind a proxy: the header is read too
    import_paths([DEMO_DIR])
    statement = Statement.objects.public().filter(language="en").order_by("pk").first()
    first = posting.save(statement, {"comment": "First."}, None, "hash", 1)
    reply = posting.save(statement, {"comment": "A reply."}, first, "hash", 1)
    Comment.objects.filter(pk__in=[first.pk, reply.pk]).update(status=Status.PUBLISHED)
    pending = posting.save(statement, {"comment": "Waiting."}, None, "hash", 1)
    admin = get_user_model().objects.create_superuser("admin", "", "fuzz-password-1")
    # A row for every admin list, so that its pages have something to show and change.
    Group.objects.get_or_create(name="Editors")
    Block.objects.create(kind=Block.Kind.EMAIL, value=email_key("spam@example.org"),
                         until=timezone.now() + timedelta(days=1), created_by=admin)
    ModerationAction.objects.create(comment=first, moderator=admin, action=Action.choices[0][0])
    DisallowedWord.objects.create(phrase="casino")
    Rejection.count_one(next(iter(Reason)))
    if apps.is_installed("django_otp.plugins.otp_totp"):
        apps.get_model("otp_totp", "TOTPDevice").objects.create(user=admin, name="phone")

    # Turn n of an address takes value n of each parameter: English and Persian statements
    # alternate so that they meet their own language prefix.
    english, persian = (list(Statement.objects.filter(language=code).order_by("pk"))
                        for code in ("en", "fa"))
    statements = [s for pair in itertools.zip_longest(english, persian) for s in pair if s]
    values = {
        "language": [code for code, _name in settings.LANGUAGES],
        "statements/slug": [quote(s.slug) for s in statements],
        "topics/slug": [quote(t.slug) for t in Topic.objects.order_by("pk")],
        "signatories/slug": [quote(s.slug) for s in Signatory.objects.order_by("pk")],
        "year": sorted({str(s.published_at.year) for s in statements}),
        "pk": [str(first.pk), str(reply.pk), str(pending.pk)],
        "token": [posting.deletion_token(c) for c in (first, pending)],
        "value": [token.issue()[0]],
        "id": [str(admin.pk)],
        "content_type_id": [str(ContentType.objects.get_for_model(Statement).pk)],
        "object_id": [str(statement.pk)],
        "\\d+": [str(pk) for pk in Version.objects.order_by("pk").values_list("pk", flat=True)[:2]],
        "url": ["", "nowhere/"],
    }
    for model in admin_site._registry:  # "[^/]+": django-reversion's name for the id
        rows = model._default_manager.order_by("pk").values_list("pk", flat=True)[:3]
        for name in ("object_id", "[^/]+"):
            values[f"{model._meta.app_label}/{model._meta.model_name}/{name}"] = [
                str(pk) for pk in rows]
    return Demo({key: options for key, options in values.items() if options},
                statement.get_absolute_url(), admin)


def options(demo: Demo, slot: Slot) -> list[str]:
    """Values from the demo content for this parameter (the most specific key that fits
    wins: "topics/slug" before "slug"); for an unknown one, its pattern's alternatives or
    an id."""
    named = slot.after + slot.name
    for key in sorted(demo.values, key=len, reverse=True):
        if named.endswith(key):
            return demo.values[key]
    return slot.regex.split("|") if re.fullmatch(r"[\w|]+", slot.regex) else ["1"]


def real(demo: Demo, slot: Slot, turn: int = 0) -> str:
    found = options(demo, slot)
    return found[turn % len(found)]


# --- What is sent to each address ------------------------------------------------------------

METHODS = ["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "CONNECT",
           "PROPFIND", "GARBAGE", "get", "G\xffT", "X" * 300]

QUERIES = [
    b"page=2", b"page=abc", b"page=%ff", b"page=-1&page=99999999999999999999", b"page",
    b"=", b"&&&", b"%", b"%zz=%", b"q=%00", b"q=%ed%a0%80", b"q=\xff\xfe", b"\x00=\x00",
    b"a[]=1&a[b]=2", b"format=json", b"o=99", b"o=-1.abc", b"p=abc", b"e=1", b"all=",
    b"_changelist_filters=%ff%26o%3D9", b"next=//evil.example", b"next=%0d%0a",
    b"q=" + b"x" * MiB, b"q=" + b"+".join(b"w%d" % n for n in range(3000)),
    b"&".join(b"f%d=1" % n for n in range(10_000)), b"&".join([b"page=1"] * 900),
    b"language=zz&topic=%ff&signatory=&year=abcd",
    b"status__exact=zzz&language__exact=%00&published_at__gte=never",
    b"published_at__year=99999&published_at__month=13", b"signatory__id__exact=x",
    b"app_label=publishing&model_name=statement&field_name=signatory&term=" + b"x" * 60_000,
    b"app_label=publishing&model_name=statement&field_name=topics&term="
    + b"+".join(b"w%d" % n for n in range(3000)), b"app_label=%ff&model_name=&field_name=",
]

HEADERS = [
    ("Host", b"evil.example"), ("Host", b""), ("Host", b"127.0.0.1:99999"), ("Host", b"[::1"),
    ("Host", b"testserver\xff"), ("Host", b"a" * 10_000), ("Host", b"testserver, evil"),
    ("Cookie", b"a=b; " * 20_000), ("Cookie", b"sessionid=\xff\xfe; csrftoken=%00"),
    ("Cookie", b"sessionid=" + b"x" * 4000), ("Cookie", b"=;=;;;=="),
    ("Range", b"bytes=0-"), ("Range", b"bytes=999999999999-"), ("Range", b"bytes=5-1"),
    ("Range", b"bytes=-0"), ("Range", b",".join([b"0-1"] * 2000)), ("Range", b"garbage"),
    ("Accept-Language", b"fa;q=abc, *;q=\xff"), ("Accept-Language", b"x" * 20_000),
    ("Accept-Encoding", b"gzip;q=nan, br, \xff"), ("Accept", b"*/*;q=\x00"),
    ("If-Modified-Since", b"yesterday"), ("If-None-Match", b'"\xff", W/'),
    ("If-Modified-Since", b"Mon, 99 Foo 9999 99:99:99 GMT"), ("If-None-Match", b"*"),
    ("X-Forwarded-For", b"999.1.1.1, \xff"), ("X-Forwarded-Proto", b"https\x00"),
    ("X-Real-IP", b"not-an-address"), ("User-Agent", b"\xff" * 10_000),
    ("Authorization", b"Basic \xff\xfe"),
    # These matter where something is sent: they go with a POST.
    ("Origin", b"null"), ("Origin", b"http://[::1"), ("Origin", b"\xff://\xfe"),
    ("Origin", b"http://evil.example"), ("Origin", b"http://testserver:abc"),
    ("Referer", b"http://[::1/"), ("Content-Length", b"99999999999"),
    ("Transfer-Encoding", b"chunked, gzip"),
    # Not here: a Content-Length that is not a number. Django's test client passes it on
    # and Django fails reading the body, but HTTP servers refuse it first (RFC 9110, 8.6);
    # the raw-socket test below sends it to a real one.
]
SENT_WITH_POST = {"Origin", "Referer", "Content-Length", "Transfer-Encoding"}

BOUNDARY = b"----sokhanfuzz"


def multipart(parts: list[tuple[bytes, bytes]], boundary: bytes = BOUNDARY) -> bytes:
    return b"".join(b"--" + boundary + b'\r\nContent-Disposition: form-data; name="' + name
                    + b'"\r\n\r\n' + value + b"\r\n" for name, value in parts) \
        + b"--" + boundary + b"--\r\n"


FORM = "application/x-www-form-urlencoded"
MULTIPART = "multipart/form-data; boundary=" + BOUNDARY.decode()
BODIES: list[tuple[bytes, str]] = [
    (b"", FORM), (b"comment=x&save=1", FORM), (b"comment=%ff%fe&name=%00", FORM),
    (b"comment=\xff\xfe&name=\xc0\xaf", FORM), (b"comment=x&comment=y&parent=1&parent=2", FORM),
    (b"%", FORM), (b"=&=&&", FORM), (b"comment=" + b"x" * MiB, FORM),
    (b"&".join(b"f%d=1" % n for n in range(10_000)), FORM),
    (b"comment=" + b"y" * (3 * MiB), FORM),
    (json.dumps({"comment": "x", "parent": [1]}).encode(), "application/json"),
    (b"<comment>x</comment>", "application/xml"), (b"comment=x", "text/plain"),
    (b"comment=x", "text/html; charset=utf-8"), (b"comment=x", f"{FORM}; charset=zz-unknown"),
    (b"comment=x", f"{FORM}; charset=utf-16"), (b"\xff\xfe", "\xff/\xfe"), (b"x", ""),
    (multipart([(b"comment", b"x"), (b"save", b"1")]), MULTIPART),
    (multipart([(b"comment", b"x")]), "multipart/form-data"),
    (multipart([(b"comment", b"x")]), "multipart/form-data; boundary="),
    (multipart([(b"comment", b"x")]), "multipart/form-data; boundary=wrong"),
    (multipart([(b"comment", b"x")], b"\xff\xfe"), "multipart/form-data; boundary=\xff\xfe"),
    (b"--" + BOUNDARY + b'\r\nContent-Disposition: form-data; name="file"; filename="../'
     b'../x"\r\n\r\ndata', MULTIPART),
    (multipart([(b"comment", b"x")], b"x" * 300), "multipart/form-data; boundary=" + "x" * 300),
    (multipart([(b"f%d" % n, b"1") for n in range(1200)]), MULTIPART),
]


def with_header(path: str, header: tuple[str, bytes]) -> Probe:
    if header[0] in SENT_WITH_POST:
        return Probe("POST", path, headers=(header,), body=b"comment=x&save=1")
    return Probe("GET", path, headers=(header,))


def malformations(path: str, index: int, *, whole: bool) -> Iterator[Probe]:
    """Wrong methods, queries, bodies and headers. ``whole``: all of them; else the
    ``index``-th quarter of each, so that neighbouring addresses share the work."""
    def part(table: list) -> list:
        return table if whole else table[index % 4::4]
    for method in part(METHODS):
        yield Probe(method, path, body=b"x=1")
    for query in part(QUERIES):
        yield Probe("GET", path, query=query)
    for body, content_type in part(BODIES):
        yield Probe("POST", path, body=body, content_type=content_type)
    for header in part(HEADERS):
        yield with_header(path, header)


def plan(demo: Demo, share: int = 0, shares: int = 1) -> Iterator[tuple[Route, Probe]]:
    """For every route (or every `shares`-th, from the `share`-th on): a GET and a POST with each demo value (up to four), every
    malformation of the first such address, and each hostile value in each parameter.

    Reader pages get every malformation; the admin's many look-alike pages (ten models,
    six pages each) share them out, except that every list (and the autocomplete) gets
    every query and every form every body."""
    for index, route in enumerate(routes()):
        if index % shares != share:
            continue
        slots = route.slots
        turns = min(4, max([len(options(demo, slot)) for slot in slots] or [1]))
        paths = [route.fill(lambda slot, turn=turn: real(demo, slot, turn))
                 for turn in range(turns)]
        for path in paths:
            yield route, Probe("GET", path)
            yield route, Probe("POST", path, body=b"comment=x&save=1")
        yield from ((route, probe) for probe in malformations(paths[0], index,
                                                              whole=not route.admin))
        if route.name.endswith(("changelist", "autocomplete")):
            yield from ((route, Probe("GET", paths[0], query=query)) for query in QUERIES)
        if route.name.endswith(("_add", "_change")):
            yield from ((route, Probe("POST", paths[0], body=body, content_type=content_type))
                        for body, content_type in BODIES)
        hostile = HOSTILE[index % 2::2] if route.admin else HOSTILE
        # The resolver reads the language prefix before any view: try it on one route.
        targets = [slot for slot in slots if slot.name != "language" or route.name == "home"]
        for value, target in itertools.product(hostile, targets):
            path = route.fill(lambda slot, value=value, target=target:
                              value if slot is target else real(demo, slot))
            yield route, Probe("GET", path)
            if not route.admin:
                yield route, Probe("POST", path, body=b"comment=x&save=1")


def traversals() -> Iterator[Probe]:
    for prefix, attempt in itertools.product(PREFIXES, TRAVERSALS):
        yield Probe("GET", prefix + attempt)


# --- Through Django's test client -------------------------------------------------------------

# Three shares of the addresses, which test processes can take in parallel.
SHARES = 3


@pytest.mark.parametrize("share", range(SHARES))
def test_every_address_survives_every_malformed_request(demo, errors, share):
    """Reader pages as a reader; the admin as a signed-in administrator (a reader only ever
    meets its login page)."""
    anonymous, editor = reader(errors), reader(errors)
    started = time.monotonic()
    for route, probes in itertools.groupby(plan(demo, share, SHARES),
                                           key=lambda step: step[0]):
        if not route.admin:
            for _route, probe in probes:
                anonymous(probe)
            continue
        # Each admin page meets the demo content as it was: a probe may delete, recover or
        # log out, and the next page should still find what it names.
        steps = [probe for _route, probe in probes]
        with transaction.atomic():
            editor.client.force_login(demo.editor)
            for probe in steps:
                editor(probe)
            transaction.set_rollback(True)
        anonymous(steps[0])
        anonymous(Probe("POST", steps[0].path, body=b"username=admin&password=x"))
    for probe in traversals() if share == 0 else ():
        assert anonymous(probe) in (301, 302, 400, 404), probe
    print(f"{anonymous.sent + editor.sent} requests in {time.monotonic() - started:.1f} s")


# Field names the site's forms read, and a few they do not.
FIELD_NAMES = ["name", "email", "homepage", "subject", "comment", "parent", "website",
               "captcha_token", "captcha_answer", "captcha_pass", "puzzle", "save", "preview",
               "new_challenge", "q", "language", "topic", "signatory", "year", "page",
               "username", "password", "next", "csrfmiddlewaretoken", "this_is_the_login_form",
               "code", "", "x", "comment[]", "\u200cname", "\x00"]
ODD_VALUES = ["", "1", "-1", "0", "9" * 30, "http://", "http://[::1", "a@b", "@" * 300,
              "javascript:alert(1)", "\u202ename", "x" * 10_001, "https://x.example/", "\u200c",
              "٣", "1.5", "true", "null", "en", "fa", "all", "2023", "press-freedom",
              # a proof-of-work payload (base64'd JSON) with letters outside ASCII
              ("eyJhbGdvcml0aG0iOiJTSEEtMjU2IiwiY2hhbGxlbmdlIjoiXHUwMGU5IiwibnVtYmVyIjoxLCJ"
               "zYWx0IjoieCIsInNpZ25hdHVyZSI6Ilx1MDBlOSJ9")]


def field_lists(tokens: list[str]):
    """Any number of form fields, names repeated or missing, values of any kind: odd ones,
    random text and bytes, and live tokens (CAPTCHA, deletion) whole or cut short."""
    values = st.one_of(
        st.sampled_from(ODD_VALUES),
        st.sampled_from(tokens + [token[:-3] + "abc" for token in tokens]),
        st.text(max_size=40),
        st.binary(max_size=30).map(lambda raw: raw.decode("latin-1")),
    )
    names = st.one_of(st.sampled_from(FIELD_NAMES), st.text(max_size=8))
    return st.lists(st.tuples(names, values), max_size=10)


def encoded(fields: list[tuple[str, str]]) -> bytes:
    """application/x-www-form-urlencoded; a Latin-1 character stands for its raw byte, so
    bytes that are not UTF-8 reach the server as they are."""
    def part(text: str) -> str:
        raw = text.encode("latin-1") if all(ord(c) < 256 for c in text) else \
            text.encode("utf-8", "surrogatepass")
        return quote_from_bytes(raw)
    return "&".join(f"{part(name)}={part(value)}" for name, value in fields).encode()


@st.composite
def malformed_requests(draw, targets: list[str], tokens: list[str]) -> Probe:
    """A request to one of ``targets``: a method, fields in the query, the body or both,
    a content type and up to two headers, each drawn from the malformed kinds above."""
    fields = encoded(draw(field_lists(tokens)))
    where = draw(st.sampled_from(["query", "body", "both"]))
    body, content_type = draw(st.one_of(
        st.just((fields, FORM)),
        st.just((fields, MULTIPART)),
        st.sampled_from(BODIES),
        st.tuples(st.binary(max_size=200), st.sampled_from(
            [FORM, MULTIPART, "text/plain", "application/json", MULTIPART + "\x00"]))))
    headers = st.sampled_from(HEADERS + [("Origin", b"http://testserver")])
    return Probe(
        method=draw(st.sampled_from(["GET", "POST", "POST", "HEAD", "PUT", "OPTIONS"])),
        path=draw(st.sampled_from(targets)),
        query=fields if where != "body" else draw(st.sampled_from(QUERIES[:13])),
        body=body if where != "query" else b"", content_type=content_type,
        headers=tuple(draw(st.lists(headers, max_size=2))))


FUZZ = hypothesis_settings(derandomize=True, database=None, deadline=None, max_examples=400,
                           suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                  HealthCheck.too_slow,
                                                  HealthCheck.data_too_large])


def tokens(demo: Demo) -> list[str]:
    return demo.values["value"] + demo.values["token"]


@FUZZ
@given(data=st.data())
def test_every_form_survives_random_fields(demo, errors, data):
    """The comment form (saving, previewing, replying), the CAPTCHA, search, the deletion
    link and the admin login, with fields random, repeated or missing, and tokens wrong.
    CSRF checks are on, as in a browser."""
    statement = demo.statement_url
    language = statement.split("/")[1]
    challenge = demo.values["value"][0]
    targets = [statement + "comments/", statement, f"/{language}/search/",
               f"/{language}/captcha/new.json", f"/{language}/captcha/{challenge}/image.png",
               f"/{language}/comments/delete/{demo.values['token'][0]}/",
               f"/{settings.ADMIN_PATH}login/", f"/{settings.ADMIN_PATH}login/code/"]
    sweep = reader(errors, enforce_csrf_checks=True)
    with transaction.atomic():  # each example starts from the demo content
        sweep(data.draw(malformed_requests(targets, tokens(demo))))
        transaction.set_rollback(True)


@hypothesis_settings(FUZZ, max_examples=150)
@given(data=st.data())
def test_the_comment_form_survives_random_fields_past_every_limit(demo, errors, settings,
                                                                  data):
    """The same, with every per-address limit already reached: the refusals' own paths (a
    new image asked for past the limit answered 500 until 2026-12-03)."""
    settings.SOKHAN_COMMENTS_PER_MINUTE = settings.SOKHAN_COMMENTS_PER_HOUR = 0
    settings.SOKHAN_CHALLENGES_PER_MINUTE = 0
    fields = data.draw(field_lists(tokens(demo)))
    button = data.draw(st.sampled_from(["new_challenge", "save", "preview"]))
    sweep = reader(errors, enforce_csrf_checks=True)
    with transaction.atomic():
        sweep(Probe("POST", demo.statement_url + "comments/",
                    body=encoded([*fields, (button, "1")])))
        transaction.set_rollback(True)


@hypothesis_settings(FUZZ, max_examples=100)  # each example renders three pages
@given(data=st.data())
def test_whatever_a_comment_holds_its_pages_still_render(demo, errors, settings, data):
    """With the CAPTCHA and moderation off, a random comment is saved at once if valid;
    the statement page and the feeds must then still show it."""
    settings.SOKHAN_CAPTCHA = False
    settings.SOKHAN_COMMENTS_PREMODERATED = False
    sweep = reader(errors)
    statement = demo.statement_url
    fields = [("comment", data.draw(st.text(min_size=1, max_size=200))),
              *data.draw(field_lists(tokens(demo))), ("save", "1")]
    with transaction.atomic():  # each example starts from the demo content
        status = sweep(Probe("POST", statement + "comments/", body=encoded(fields)))
        assert status in (200, 400, 403, 413)
        for page in (statement, statement + "comments/feed/", "/en/comments/feed/"):
            assert sweep(Probe("GET", page)) == 200, page
        transaction.set_rollback(True)


def filter_parameters(editor) -> list[tuple[str, str]]:
    """(list, parameter) for every filter of every admin list, as its changelist reads them:
    the filters' own names (those shown only while in use too), the date drill-down's and
    the Persian months'."""
    factory = RequestFactory()
    found = []
    for model, model_admin in admin_site._registry.items():
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        request = factory.get(url)
        request.user = editor
        names = {name for spec in model_admin.get_changelist_instance(request).filter_specs
                 for name in spec.expected_parameters()}
        names |= {chosen.parameter_name for chosen in model_admin.get_list_filter(request)
                  if isinstance(chosen, type) and issubclass(chosen, SimpleListFilter)}
        if model_admin.date_hierarchy:
            names |= {f"{model_admin.date_hierarchy}__{part}" for part in ("year", "month",
                                                                            "day")}
        found += [(url, name) for name in sorted(names)]
    return found


# Digits of other kinds: "²" and "⑴" are digits to str.isdigit() but no number to int()
# (the comment queue's statement filter answered 500 until 2026-12-07); Persian ones are
# numbers to int() and to Django's fields alike. 5,000 digits are more than int() reads
# (the same filter's 500 again).
FILTER_VALUES = ["²", "⑴", "۱", "١٤٠٢-١٣", "1-2-3", "9" * 30, "9" * 5000, "-1", "\u200c"]


def test_every_admin_filter_survives_odd_values(demo, errors):
    """Each filter of each admin list, for an administrator, given odd values (alone, or
    after a valid one), in English and in Persian: the list, "?e=1" or a 400."""
    sweep = reader(errors)
    sweep.client.force_login(demo.editor)
    for index, ((url, name), value) in enumerate(itertools.product(
            filter_parameters(demo.editor), FILTER_VALUES)):
        sweep.client.cookies[settings.LANGUAGE_COOKIE_NAME] = ("en", "fa")[index % 2]
        fields = [(name, value)] if index % 3 else [(name, "1"), (name, value)]
        query = urlencode(fields)
        response = send(sweep.client, Probe("GET", url, query=query.encode()))
        assert response.status_code in (200, 400) or response.get("Location", "").endswith(
            "?e=1"), (url, query, response.status_code)
        assert not errors, (url, query)


# --- Through a real server, as raw bytes ------------------------------------------------------

@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[tuple[Server, Path]]:
    data = tmp_path_factory.mktemp("fuzz")
    env = environment(data, SOKHAN_CAPTCHA_MIN_SECONDS="0", SOKHAN_COMMENTS_PER_MINUTE="1000",
                      SOKHAN_COMMENTS_PER_HOUR="1000", SOKHAN_CHALLENGES_PER_MINUTE="1000",
                      SOKHAN_PREVIEWS_PER_MINUTE="1000")
    run(["setup"], env)
    log = data / "server.log"
    server = Server(env, log=log)
    yield server, log
    server.stop()


def raw_request(port: int, request: bytes) -> tuple[bytes, bytes]:
    """The server's status line and whole answer for ``request`` (b"" if it closed the
    connection without answering, as it may for bytes that are not HTTP)."""
    answer = b""
    with socket.create_connection(("127.0.0.1", port), timeout=3) as sock:
        try:
            sock.sendall(request)
            while not _complete(answer, head_only=request.startswith(b"HEAD ")):
                chunk = sock.recv(65536)
                if not chunk:
                    break
                answer += chunk
        except OSError:  # stopped reading an oversized request, or waits for a body that
            pass         # never comes: the server's right
    return answer.split(b"\r\n", 1)[0], answer


def _complete(answer: bytes, *, head_only: bool) -> bool:
    head, blank, body = answer.partition(b"\r\n\r\n")
    if not blank:
        return False
    length = re.search(rb"(?im)^content-length:\s*(\d+)", head)
    if head_only or re.match(rb"HTTP/[\d.]+ (1|204|304)", head):
        return True
    if length:
        return len(body) >= int(length[1])
    if re.search(rb"(?im)^transfer-encoding:.*chunked", head):
        return body.endswith(b"0\r\n\r\n")
    return False  # read until the server closes


def wire(probe: Probe, host: bytes = b"127.0.0.1") -> bytes:
    """The probe as HTTP/1.1 bytes, exactly: no client tidies the path or the headers."""
    target = probe.path.encode("latin-1")
    if probe.query:
        target += b"?" + probe.query
    headers = dict(probe.headers)
    headers.setdefault("Host", host)
    lines = [probe.method.encode("latin-1") + b" " + target + b" HTTP/1.1"]
    lines += [name.encode() + b": " + value for name, value in headers.items()]
    if probe.body or probe.method == "POST":
        lines.append(b"Content-Type: " + probe.content_type.encode("latin-1"))
        if "Content-Length" not in headers:
            lines.append(b"Content-Length: " + str(len(probe.body)).encode())
    lines.append(b"Connection: close")
    return b"\r\n".join(lines) + b"\r\n\r\n" + probe.body


STATEMENT = "/en/statements/statement-on-the-arrest-of-journalists-in-the-capital/"
COMMENTS = (STATEMENT + "comments/").encode()
RAW_ONLY = [  # what no test client can send: broken request lines and header bytes
    b"GET /en/\xff\xfe/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
    b"GET /en/statements/\x00/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
    b"GET /en/../../etc/passwd HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
    b"GET /static/../../../../etc/passwd HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
    b"GET /static/..%2f..%2f..%2fsokhan.sqlite3 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
    b"GET /static/%2e%2e/secret_key HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
    b"GET \\..\\..\\etc\\passwd HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
    b"GET http://evil.example/en/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
    b"GET * HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
    b"GET /en/ HTTP/9.9\r\nHost: 127.0.0.1\r\n\r\n",
    b"GET /en/\r\n\r\n",
    b"\xff\xfe\xfd\r\n\r\n",
    b"GET /en/ HTTP/1.1\r\nHost: 127.0.0.1\r\nX-\xff: \xfe\r\n\r\n",
    b"GET /en/ HTTP/1.1\r\nHost: 127.0.0.1\r\nBad Header\r\n\r\n",
    b"GET /en/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\x00: \x00\r\n\r\n",
    b"GET /en/ HTTP/1.1\r\nHost: 127.0.0.1\r\nHost: evil.example\r\n\r\n",
    b"GET /en/ HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Long: " + b"a" * 100_000 + b"\r\n\r\n",
    b"GET /en/ HTTP/1.1\r\n" + b"".join(b"X-%d: 1\r\n" % n for n in range(3000)) + b"\r\n",
    b"GET /en/ HTTP/1.0\r\n\r\n",
    b"POST /en/search/ HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
    b"POST /en/search/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 10\r\n"
    b"Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
    b"POST /en/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\nshort",
    b"POST " + COMMENTS + b" HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: abc\r\n\r\nx",
    b"POST " + COMMENTS + b" HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: -1\r\n\r\nx",
    b"POST " + COMMENTS + b" HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1, 2\r\n\r\nx",
]


def test_a_real_server_survives_raw_malformed_requests(server):
    """A sample of the same probes, and request lines only raw bytes can carry, sent to
    `sokhan serve` over a socket; its log must stay free of tracebacks."""
    running, log = server
    data_dir = log.parent
    statement = STATEMENT
    stylesheet = "/static/sokhan/site.css"
    paths = ["/", "/en/", "/fa/", statement, statement + "comments/", "/en/search/",
             "/en/captcha/new.json", f"/{settings.ADMIN_PATH}login/", "/robots.txt",
             "/sitemap.xml", "/en/feed/", stylesheet]
    requests = [wire(probe) for index, path in enumerate(paths)
                for probe in malformations(path, index, whole=False)]
    requests += [wire(probe) for probe in traversals()]
    requests += [wire(Probe("GET", prefix + "\xff\xfe\x00../x")) for prefix in PREFIXES]
    requests += [wire(Probe("GET", stylesheet, headers=(header,))) for header in HEADERS]
    requests += RAW_ONLY
    started = time.monotonic()
    answers = [raw_request(running.port, request) for request in requests]
    failures = [(request[:200], status) for request, (status, _answer)
                in zip(requests, answers, strict=True) if re.match(rb"HTTP/[\d.]+ 5", status)]
    assert failures == []
    # Nothing outside the static files leaked through a traversal: not the system's
    # files, not the database, not the secret key.
    secret = (data_dir / "secret_key").read_bytes().strip()
    leaks = [request[:200] for request, (_status, answer) in zip(requests, answers, strict=True)
             if b"root:x:0:0" in answer or b"SQLite format 3" in answer or secret in answer]
    assert leaks == []
    assert raw_request(running.port, wire(Probe("GET", "/en/")))[0].endswith(b"200 OK")
    text = log.read_text(errors="replace")
    assert "Traceback" not in text and "Internal Server Error" not in text, text[-3000:]
    print(f"{len(requests)} raw requests in {time.monotonic() - started:.1f} s; "
          f"{sum(not status for status, _answer in answers)} closed without an answer")
