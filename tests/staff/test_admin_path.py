"""SOKHAN_ADMIN_PATH moves the admin, login included, and /admin/ then leads nowhere.

The path is read when Django starts, so this runs a real server (`sokhan serve`) with the
variable set, as an operator would."""

from __future__ import annotations

import pytest

from tests.servers import Server, environment, fetch


@pytest.fixture(scope="module")
def desk(tmp_path_factory):
    server = Server(environment(tmp_path_factory.mktemp("desk"), SOKHAN_ADMIN_PATH="desk/"))
    yield server.base
    server.stop()


def test_the_admin_answers_at_the_configured_path(desk):
    status, html, headers = fetch(desk + "/desk/login/")
    assert status == 200 and b'id="login-form"' in html
    # The admin's own policy (inline styles for its widgets) follows it to the new path.
    assert "style-src 'self' 'unsafe-inline'" in headers["Content-Security-Policy"]


def test_the_index_at_the_configured_path_asks_to_log_in(desk):
    status, html, _headers = fetch(desk + "/desk/")
    assert status == 200 and b'id="login-form"' in html  # after following the redirect


@pytest.mark.parametrize("path", ["/admin/", "/admin/login/", "/admin/login/code/"])
def test_the_default_path_leads_nowhere(desk, path):
    status, html, _headers = fetch(desk + path)
    assert status == 404 and b"login-form" not in html


def test_an_admin_path_in_persian_letters_lets_staff_sign_in(tmp_path_factory):
    # The CSRF cookie is sent to the admin alone, by its path; a browser compares that
    # path with the address it asks for, percent-encoded. Written in Persian letters, it
    # never matched: every sign-in was refused as a forged form (review).
    import http.cookiejar
    import re
    import urllib.parse
    import urllib.request

    from tests.servers import run

    desk = "میز/"
    env = environment(tmp_path_factory.mktemp("persian-desk"), SOKHAN_ADMIN_PATH=desk,
                      SOKHAN_ADMIN_PASSWORD="a-long-password-for-the-desk",
                      SOKHAN_STAFF_2FA="false")
    run(["setup"], env)
    server = Server(env)
    try:
        jar = http.cookiejar.CookieJar()
        browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        login = f"{server.base}/{urllib.parse.quote(desk)}login/"
        with browser.open(login, timeout=10) as page:
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"',
                              page.read().decode())[1]
        assert [cookie.path for cookie in jar if cookie.name == "csrftoken"] == [
            "/" + urllib.parse.quote(desk)]
        form = urllib.parse.urlencode({"username": "admin", "csrfmiddlewaretoken": token,
                                       "password": "a-long-password-for-the-desk"}).encode()
        request = urllib.request.Request(login, data=form, headers={"Referer": login})
        with browser.open(request, timeout=10) as signed_in:
            assert signed_in.status == 200
            assert urllib.parse.unquote(signed_in.url) == f"{server.base}/{desk}"
            assert "logout" in signed_in.read().decode()
    finally:
        server.stop()
