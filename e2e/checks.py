"""What the browser tests check on every page a reader sees, as small functions.

Each returns what it found wrong (an empty list when all is well), so a test asserts the
list is empty and its message names the fault; e2e/test_checks_fail.py proves that each
one does report a deliberately broken page, so an empty list means something.

- accessibility_violations: axe-core finds no WCAG 2.2 A or AA violation.
- foreign_requests: nothing was fetched from another host (readers may be watched).
- cookies: nothing was stored in the browser (reading sets no cookie).
- security_header_problems: the response carries the site's security headers.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from urllib.parse import urlsplit

WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa",
                                                "wcag22a", "wcag22aa"]}}


def accessibility_violations(page) -> list[str]:
    """axe-core's WCAG 2.2 A and AA violations on the page as it is now: "id: help at
    [targets]" each. axe runs in the page, so the page needs JavaScript on."""
    from axe_playwright_python.sync_playwright import Axe  # only where axe is installed

    result = Axe().run(page, options=WCAG)
    return [f"{v['id']}: {v['help']} at {[n['target'] for n in v['nodes']][:6]}"
            for v in result.response["violations"]]


def foreign_requests(urls: Iterable[str], base: str) -> list[str]:
    """The requested addresses whose host is not the site's (``base``). data: and about:
    addresses never leave the browser."""
    own = urlsplit(base).netloc
    return [url for url in urls
            if urlsplit(url).netloc != own and not url.startswith(("data:", "about:"))]


def cookies(context) -> list[str]:
    """Every cookie the browser context holds, as "name for domain"."""
    return [f"{cookie['name']} for {cookie['domain']}" for cookie in context.cookies()]


# Reader pages: everything from this site only, no inline script or style, no framing
# (src/sokhan/website/headers.py; tests/website/test_headers.py checks each page type).
POLICY_MUST = ["default-src 'self'", "object-src 'none'", "frame-ancestors 'none'"]
POLICY_MUST_NOT = ["unsafe-inline", "unsafe-eval", "*", "data:", "http:", "https:"]
REFERRER_POLICIES = {"strict-origin-when-cross-origin", "same-origin", "no-referrer"}


def security_header_problems(headers: Mapping[str, str]) -> list[str]:
    """What a reader page's response lacks of the site's security headers."""
    found = {name.lower(): value for name, value in headers.items()}
    policy = found.get("content-security-policy")
    problems = [] if policy else ["no Content-Security-Policy"]
    if policy:
        directives = [" ".join(d.split()) for d in policy.split(";")]
        sources = {word.strip("'") for d in directives for word in d.split()[1:]}
        problems += [f"Content-Security-Policy lacks {d!r}" for d in POLICY_MUST
                     if d not in directives]
        problems += [f"Content-Security-Policy allows {source!r}" for source in POLICY_MUST_NOT
                     if source in sources]
    if found.get("x-content-type-options") != "nosniff":
        problems.append("X-Content-Type-Options is not nosniff")
    if found.get("x-frame-options") != "DENY":
        problems.append("X-Frame-Options is not DENY")
    if found.get("referrer-policy") not in REFERRER_POLICIES:
        problems.append(f"Referrer-Policy {found.get('referrer-policy')!r} may leak addresses")
    if "camera=()" not in found.get("permissions-policy", ""):
        problems.append("Permissions-Policy does not switch the camera off")
    return problems
