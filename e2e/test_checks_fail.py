"""Each browser check (e2e/checks.py) reports a page that breaks it, so that the empty
lists the other tests assert mean the site passed, not that the check saw nothing.

The broken pages are small fixtures served on the site's own origin by Playwright's
page.route: the server never sees their addresses, and the third-party host is routed as
well, so nothing here touches the network.
"""

from __future__ import annotations

import pytest

from .checks import (
    accessibility_violations,
    cookies,
    foreign_requests,
    security_header_problems,
)

BROKEN = "/__broken__/"  # answered by page.route, never by the server
STATEMENT = "/en/statements/statement-on-the-arrest-of-journalists-in-the-capital/"
PIXEL = bytes.fromhex("47494638396101000100800000ffffff00000021f90401000000002c0000000001"
                      "0001000002024401003b")  # a 1×1 GIF
PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>A broken page</title></head>
<body><main><h1>A broken page</h1>{body}</main></body></html>"""


def serve(tab, name: str, body: str, headers: dict[str, str] | None = None) -> str:
    """Answer the site's address BROKEN + name with a page holding ``body``."""
    path = BROKEN + name
    tab.page.route(tab.base + path, lambda route: route.fulfill(
        status=200, content_type="text/html; charset=utf-8", headers=headers or {},
        body=PAGE.format(body=body)))
    return path


# --- axe-core: WCAG 2.2 A and AA --------------------------------------------------------------

INACCESSIBLE = ('<img src="/static/sokhan/missing.png">'
                '<p style="color:#c8c8c8;background:#ffffff">Faint grey text on white.</p>')
MENDED = ('<img src="/static/sokhan/missing.png" alt="Our logo">'
          '<p style="color:#222222;background:#ffffff">Dark text on white.</p>')


def test_axe_reports_an_image_without_text_and_text_too_faint_to_read(visit):
    tab = visit()  # axe runs in the page: JavaScript on
    tab.go(serve(tab, "inaccessible/", INACCESSIBLE))
    found = {violation.split(":")[0] for violation in accessibility_violations(tab.page)}
    assert {"image-alt", "color-contrast"} <= found  # WCAG 1.1.1 and 1.4.3


def test_axe_passes_the_same_page_mended(visit):
    tab = visit()
    tab.go(serve(tab, "mended/", MENDED))
    assert accessibility_violations(tab.page) == []


# --- Nothing from another host --------------------------------------------------------------

def test_the_origin_check_reports_a_resource_from_another_host(visit):
    tab = visit()
    fetched = []

    def tracker(route) -> None:  # stands in for the third party: no network is used
        fetched.append(route.request.url)
        route.fulfill(status=200, content_type="image/gif", body=PIXEL)
    tab.page.route("https://tracker.example/**", tracker)
    tab.go(serve(tab, "tracked/", '<img src="https://tracker.example/pixel.gif" alt="">'
                                  '<img src="/static/sokhan/own.png" alt="">'))
    assert fetched == ["https://tracker.example/pixel.gif"]
    assert tab.foreign_requests() == ["https://tracker.example/pixel.gif"]
    assert foreign_requests(tab.requests, tab.base) == tab.foreign_requests()


def test_the_origin_check_lets_the_sites_own_and_inline_resources_pass(visit):
    tab = visit()
    tab.go(serve(tab, "own/", '<img src="/static/sokhan/own.png" alt="">'
                              '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" alt="">'))
    assert tab.requests and tab.foreign_requests() == []


# --- No cookie for readers --------------------------------------------------------------------

@pytest.mark.parametrize(("how", "headers", "body"), [
    ("by a header", {"Set-Cookie": "tracking=abc; Path=/"}, "<p>Hello.</p>"),
    ("by a script", {}, '<script>document.cookie = "tracking=abc; path=/";</script>'),
])
def test_the_cookie_check_reports_a_page_that_sets_one(visit, how, headers, body):
    tab = visit()
    assert cookies(tab.context) == []
    tab.go(serve(tab, "cookie/", body, headers))
    assert cookies(tab.context) == ["tracking for 127.0.0.1"], how


# --- Security headers -------------------------------------------------------------------------

def test_a_reader_page_of_the_site_has_every_security_header(visit):
    tab = visit()
    response = tab.go(STATEMENT)
    assert response.ok
    assert security_header_problems(response.all_headers()) == []


@pytest.mark.parametrize(("change", "problems"), [
    (lambda policy: None, ["no Content-Security-Policy"]),
    (lambda policy: policy.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'"),
     ["Content-Security-Policy allows 'unsafe-inline'"]),
    (lambda policy: policy.replace("default-src 'self'", "default-src *"),
     ["Content-Security-Policy lacks \"default-src 'self'\"",
      "Content-Security-Policy allows '*'"]),
], ids=["missing", "inline-styles", "any-host"])
def test_the_header_check_reports_the_same_page_with_its_policy_missing_or_weakened(
        visit, change, problems):
    """The real statement page, fetched from the server, with only its
    Content-Security-Policy taken away or loosened."""
    tab = visit()

    def weakened(route) -> None:
        real = route.fetch(url=tab.base + STATEMENT)
        headers = {name: value for name, value in real.headers.items()
                   if name != "content-security-policy"}
        policy = change(real.headers["content-security-policy"])
        if policy is not None:
            headers["content-security-policy"] = policy
        route.fulfill(response=real, headers=headers)
    tab.page.route(tab.base + BROKEN + "weakened/", weakened)
    response = tab.go(BROKEN + "weakened/")
    assert security_header_problems(response.all_headers()) == problems
