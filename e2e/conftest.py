"""End-to-end tests: Debian's Chromium driven by Playwright against a real Sokhan server.

The server runs with `sokhan.bench_settings`, whose CAPTCHA reveals each answer in the
X-Sokhan-Test-Answer header (the test-only hook). Screenshots go to e2e/artifacts/.
"""

from __future__ import annotations

import re
import shutil
import time
from base64 import b32decode
from pathlib import Path

import pytest
from django_otp.oath import hotp
from tests.servers import Server, environment, run

from . import checks

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
ADMIN_PASSWORD = "e2e-admin-password-1"

if not Path(CHROMIUM).exists():
    pytest.skip("Chromium is not installed (apt-get install chromium)", allow_module_level=True)
playwright = pytest.importorskip("playwright.sync_api")
# Assertions that retry until they hold or time out. Read a page right after a click with
# them: the click returns once the navigation starts, and `page.content()` or a locator
# read at once may still see the page before it (its h1, its "One more step" notice),
# which a busy machine makes likely.
expect = playwright.expect
# As long as a page's own waits (Visit sets 15 s), not Playwright's 5 s: the page with a
# comment form's errors, 0.2-0.6 s here, had not come after 5 s once in CI, with axe and
# a second worker's browser on both cores (the server answers such a POST in 4-15 ms).
expect.set_options(timeout=15_000)


LONG_TITLE = """---
title: "Solidarity with #WomanLifeFreedomMovementWorldwideSolidarityNetwork"
slug: long-title
language: en
date: 2019-01-01 12:00
signatory: {slug: central-council, en: "Central Council of the Civic Assembly"}
topics: [{slug: press-freedom, en: "Press freedom"}]
---
We stand with them, and say <span lang="fa" dir="rtl">زن، زندگی، آزادی</span>.

| City | Arrests |
|------|---------|
| Tehran | 12 |
"""


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    data = tmp_path_factory.mktemp("e2e")
    env = environment(data, DJANGO_SETTINGS_MODULE="sokhan.bench_settings",
                      SOKHAN_CAPTCHA_MIN_SECONDS="0", SOKHAN_ADMIN_PASSWORD=ADMIN_PASSWORD,
                      # Every tab comes from 127.0.0.1: the per-address limits would bite.
                      SOKHAN_COMMENTS_PER_MINUTE="1000", SOKHAN_COMMENTS_PER_HOUR="1000",
                      SOKHAN_CHALLENGES_PER_MINUTE="1000", SOKHAN_PREVIEWS_PER_MINUTE="1000",
                      # As in production: the moderator logs in with an authenticator code.
                      SOKHAN_STAFF_2FA="true")
    run(["setup"], env)
    # One more, with a title of one long word (a hashtag): headings must wrap on a phone;
    # its body has a table and a Persian phrase marked as such, for the admin's editor.
    # Dated before the demo's, so that it comes last in every list.
    (data / "long-title.md").write_text(LONG_TITLE, encoding="utf-8")
    run(["import", str(data / "long-title.md")], env)
    server = Server(env)
    yield server.base
    server.stop()


@pytest.fixture(scope="session")
def browser():
    with playwright.sync_playwright() as driver:
        chromium = driver.chromium.launch(
            executable_path=CHROMIUM,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-quic", "--no-first-run"])
        yield chromium
        chromium.close()


class Visit:
    """A browser tab that records every request and every test-hook answer it sees."""

    def __init__(self, context, base: str) -> None:
        self.context = context
        self.base = base
        self.page = context.new_page()
        self.page.set_default_timeout(15_000)
        self.requests: list[str] = []
        self.answers: list[str] = []
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("response", self._response)

    def _response(self, response) -> None:
        answer = response.headers.get("x-sokhan-test-answer")
        if answer:
            self.answers.append(answer)
        elif response.url.endswith("/captcha/new.json"):
            try:
                self.answers.append(response.json()["answer"])
            except Exception:  # noqa: BLE001 - a 429 has no answer
                pass

    def go(self, path: str):
        return self.page.goto(self.base + path)

    def answer(self) -> str:
        """The answer to the image on the page now. A click on Save returns once the next
        page starts loading, and the image whose response carries the answer loads after
        that page's HTML: wait for the answer field, then for the page's load event."""
        self.page.locator("#id_captcha_answer").wait_for()
        self.page.wait_for_load_state("load")
        return self.answers[-1]

    def foreign_requests(self) -> list[str]:
        return checks.foreign_requests(self.requests, self.base)

    def shot(self, name: str) -> Path:
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        # A click that follows a link returns once the navigation starts; a screenshot
        # taken before the new page has loaded fails ("Unable to capture screenshot").
        self.page.wait_for_load_state("load")
        self.page.screenshot(path=str(path), full_page=False)
        return path


# The administrator's authenticator app: its key once set up, and the last time step whose
# code was spent (a code is accepted once, so logins within 30 s use the next step's).
_authenticator: dict[str, object] = {}
# The administrator's session once logged in, and the site it belongs to.
_admin_session: dict[str, object] = {}


def _next_code() -> str:
    step = max(int(time.time()) // 30, int(_authenticator.get("step", -1)) + 1)
    while step > int(time.time()) // 30 + 1:  # the server accepts one step ahead at most
        time.sleep(1)
    _authenticator["step"] = step
    return f"{hotp(_authenticator['key'], step):06d}"


def log_in_as_admin(tab: Visit, next_path: str) -> None:
    """Open next_path as the administrator. The first login of a run types the password
    and sets the authenticator app up from the key shown; later ones reuse its session
    cookie, since a code is accepted once and a second login would wait up to 30 s for
    the next one. A session the site no longer knows falls back to a full login."""
    page = tab.page
    if _admin_session.get("site") == tab.base:
        tab.context.add_cookies(_admin_session["cookies"])
        tab.go(next_path)
        if "/admin/login/" not in page.url:
            return
    tab.go(f"/admin/login/?next={next_path}")
    # By name, not label: the admin may be in Persian (the browser's language).
    page.locator("[name=username]").fill("admin")
    page.locator("[name=password]").fill(ADMIN_PASSWORD)
    page.locator("#login-form [type=submit]").click()
    page.locator("[name=code]").wait_for()
    secret = page.locator(".staff-secret")
    if secret.count():
        tab.shot("admin-two-factor-setup")
        text = re.sub(r"\s", "", secret.inner_text())
        _authenticator["key"] = b32decode(text + "=" * (-len(text) % 8))
    page.locator("[name=code]").fill(_next_code())
    page.locator("#login-form [type=submit]").click()
    page.wait_for_url(lambda url: "/admin/login/" not in url)
    _admin_session.update(site=tab.base, cookies=tab.context.cookies())


@pytest.fixture
def visit(browser, site):
    contexts = []

    def open_tab(*, javascript: bool = True, phone: bool = False,
                 width: int | None = None, locale: str = "en-US") -> Visit:
        options = {"java_script_enabled": javascript, "locale": locale}
        if width:  # a narrow window, or 1280 px zoomed to 400 % (WCAG 1.4.10: 320 px)
            options.update(viewport={"width": width, "height": 640})
        elif phone:
            options.update(viewport={"width": 390, "height": 844}, device_scale_factor=2,
                           is_mobile=True, has_touch=True)
        else:
            options.update(viewport={"width": 1280, "height": 900})
        context = browser.new_context(**options)
        contexts.append(context)
        return Visit(context, site)

    yield open_tab
    for context in contexts:
        context.close()
