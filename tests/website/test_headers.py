"""Security headers on every page type."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.hashers import get_hasher

pytestmark = pytest.mark.django_db

PAGES = ["/en/", "/fa/", "/en/statements/statement-1/", "/en/topics/", "/en/archive/",
         "/en/feed/", "/sitemap.xml", "/robots.txt", "/en/no-such-page/", "/en/captcha/new.json"]


@pytest.fixture(autouse=True)
def content(make_statement):
    make_statement(slug="statement-1")


@pytest.mark.parametrize("url", PAGES)
def test_public_pages_carry_the_security_headers(client, url):
    response = client.get(url)
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "object-src 'none'" in policy
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] in ("strict-origin-when-cross-origin", "same-origin",
                                           "no-referrer")
    assert "camera=()" in response["Permissions-Policy"]
    assert response["X-Frame-Options"] == "DENY"


def test_comment_steps_carry_them_too(client):
    response = client.post("/en/statements/statement-1/comments/", {"comment": "x",
                                                                    "save": "1"})
    assert "unsafe-inline" not in response["Content-Security-Policy"]


def test_admin_allows_inline_styles_only(admin_client):
    policy = admin_client.get("/admin/")["Content-Security-Policy"]
    assert "style-src 'self' 'unsafe-inline'" in policy
    assert "script-src 'self'" in policy and "script-src 'self' 'unsafe" not in policy


def test_admin_pages_ask_search_engines_to_stay_away(admin_client, client):
    assert admin_client.get("/admin/")["X-Robots-Tag"] == "noindex, nofollow"
    assert client.get("/admin/login/")["X-Robots-Tag"] == "noindex, nofollow"
    assert "X-Robots-Tag" not in client.get("/en/")


def test_hsts_when_served_over_https(client, settings):
    settings.SECURE_HSTS_SECONDS = 31_536_000
    response = client.get("/en/", secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    assert "Strict-Transport-Security" not in client.get("/en/")


def test_staff_cookies_are_httponly_and_lax(client, django_user_model):
    django_user_model.objects.create_user("staff", password="a-long-password-1", is_staff=True)
    response = client.post("/admin/login/", {"username": "staff",
                                             "password": "a-long-password-1",
                                             "next": "/admin/"})
    cookie = response.cookies["sessionid"]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"


def test_the_login_page_s_csrf_cookie_is_sent_to_the_admin_alone(client):
    # Path=/ for a year: a reader who once opened the login page carried a unique token on
    # every page read, for a CDN or a proxy to link visits by (review).
    cookie = client.get("/admin/login/").cookies["csrftoken"]
    assert cookie["path"] == "/admin/" and cookie["httponly"]


def test_an_old_csrf_cookie_for_every_page_is_expired_by_the_admin(client, django_user_model):
    # Set with Path=/ before the upgrade, it went on being sent to every reader page, and
    # Django read it (the last of the two) at the admin and copied it into the new one
    # (review). Expired there, with the admin's own set to the value its form posts with.
    client.cookies["csrftoken"] = "A" * 32
    sent = client.get("/admin/login/").cookies.output(header="").splitlines()
    assert any(line.strip().startswith('csrftoken=""') and "Path=/;" in line + ";"
               and "Max-Age=0" in line for line in sent), sent
    assert any(line.strip().startswith(f"csrftoken={'A' * 32}") and "Path=/admin/" in line
               for line in sent), sent
    # The login still goes through: its form and cookie agree.
    django_user_model.objects.create_user("staff", password="a-long-password-1", is_staff=True)
    enforcing = type(client)(enforce_csrf_checks=True)
    page = enforcing.get("/admin/login/").content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]
    assert enforcing.post("/admin/login/", {"username": "staff", "password": "a-long-password-1",
                                            "csrfmiddlewaretoken": token}).status_code == 302


@pytest.mark.parametrize("path", ["/en/topics/", "/en/search/?q=strike", "/en/feed/",
                                  "/robots.txt", "/en/no-such-page/"])
def test_a_malformed_csrf_cookie_gets_a_reader_no_cookie_of_the_server_s_choosing(
        client, path):
    # Django's CSRF middleware answered one of the wrong form (which a sibling subdomain
    # can plant) with a new token, a year long, on every page it rendered: an identifier
    # chosen by the server, and a page no cache could share (security review).
    client.cookies["csrftoken"] = "xyz"
    response = client.get(path)
    assert not response.cookies, response.cookies.output()
    assert "cookie" not in response.get("Vary", "").lower()
    # The admin, which reads it, still makes a good one.
    assert len(client.get("/admin/login/").cookies["csrftoken"].value) == 32


def test_passwords_are_hashed_with_argon2(django_user_model):
    user = django_user_model.objects.create_user("u", password="a-long-password-1")
    assert user.password.startswith("argon2$")
    assert get_hasher().algorithm == "argon2"


def test_templates_have_no_inline_script_or_style():
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "src" / "sokhan"
    for template in root.rglob("templates/**/*.html"):
        if "/admin/" in str(template):
            continue
        text = template.read_text()
        assert " style=" not in text and "<style" not in text, template
        assert "<script>" not in text and " on" + "click=" not in text, template
