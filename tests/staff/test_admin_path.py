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
