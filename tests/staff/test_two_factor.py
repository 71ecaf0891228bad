"""Two-factor authentication (SOKHAN_STAFF_2FA, on by default): a password alone opens no
admin page; the first login guides a staff member through setting up an authenticator app;
later logins ask for its code."""

from __future__ import annotations

from io import StringIO

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.core.management import CommandError, call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from sokhan.website.headers import ADMIN_POLICY

from .conftest import CODE, INDEX, LOGIN, PASSWORD, code_for, errors, key_shown, log_in

pytestmark = pytest.mark.usefixtures("two_factor")


def enrol(client, *, address: str = "203.0.113.7") -> bytes:
    """A first login: password, then the code from an app set up with the key shown."""
    assert log_in(client, address=address)["Location"] == CODE
    page = client.get(CODE)
    key = key_shown(page)
    response = client.post(CODE, {"code": code_for(key)}, REMOTE_ADDR=address)
    assert response.status_code == 302 and response["Location"] == INDEX, errors(response)
    return key


def wrong_code(key: bytes) -> str:
    return f"{(int(code_for(key)) + 1) % 1_000_000:06d}"


def test_two_factor_is_on_by_default():
    from sokhan import conf

    assert conf.value("SOKHAN_STAFF_2FA", {}) is True


def test_the_password_alone_opens_no_admin_page(client, editor):
    response = log_in(client)
    assert response.status_code == 302 and response["Location"] == CODE
    for page in (INDEX, "/admin/publishing/statement/", "/admin/auth/user/"):
        assert client.get(page)["Location"].startswith(LOGIN)


def test_the_first_login_shows_a_qr_code_and_the_key_then_lets_the_right_code_in(
        client, editor):
    log_in(client)
    page = client.get(CODE)
    html = BeautifulSoup(page.content, "html.parser")
    assert "Set up two-factor authentication" in html.get_text()
    qr = html.select_one(".staff-qr")
    assert qr["role"] == "img" and qr.select_one("svg path") is not None
    assert len(key_shown(page)) == 20  # django-otp's default 160-bit key

    client.post(CODE, {"code": code_for(key_shown(page))})
    assert client.get(INDEX).status_code == 200
    assert TOTPDevice.objects.get(user=editor).confirmed


def test_reloading_the_setup_page_keeps_the_same_key(client, editor):
    log_in(client)
    assert key_shown(client.get(CODE)) == key_shown(client.get(CODE))


def test_later_logins_ask_for_the_code_and_never_show_the_key_again(client, editor):
    with time_machine.travel("2026-03-01 10:00Z", tick=False) as clock:
        key = enrol(client)
        client.logout()
        clock.shift(60)  # a code is accepted once; the app shows a new one each 30 s
        assert log_in(client)["Location"] == CODE
        page = client.get(CODE)
        assert "Enter the code your authenticator app shows for editor" in page.content.decode()
        assert b"staff-secret" not in page.content and b"staff-qr" not in page.content
        assert client.post(CODE, {"code": code_for(key)})["Location"] == INDEX
        assert client.get(INDEX).status_code == 200


def test_a_wrong_code_is_refused_and_keeps_the_admin_closed(client, editor):
    log_in(client)
    key = key_shown(client.get(CODE))
    response = client.post(CODE, {"code": wrong_code(key)})
    assert response.status_code == 200
    assert "That code is not right." in errors(response)
    assert client.get(INDEX)["Location"].startswith(LOGIN)


def test_a_code_is_accepted_once(client, editor):
    with time_machine.travel("2026-03-01 10:00Z", tick=False):
        key = enrol(client)
        client.logout()
        log_in(client)
        response = client.post(CODE, {"code": code_for(key)})
    assert response.status_code == 200 and "That code is not right." in errors(response)


def test_codes_typed_with_a_space_are_accepted(client, editor):
    log_in(client)
    code = code_for(key_shown(client.get(CODE)))
    assert client.post(CODE, {"code": f" {code[:3]} {code[3:]} "})["Location"] == INDEX


def test_wrong_codes_count_towards_the_lockout(client, editor):
    with time_machine.travel("2026-03-01 10:00Z", tick=False) as clock:
        log_in(client)
        key = key_shown(client.get(CODE))
        for _ in range(5):
            clock.shift(70)  # past django-otp's own growing pause after each wrong code
            client.post(CODE, {"code": wrong_code(key)})
        clock.shift(30)
        response = client.post(CODE, {"code": code_for(key)})
        assert "Too many failed attempts to log in." in errors(response)
        assert client.get(INDEX)["Location"].startswith(LOGIN)


def test_a_session_key_planted_before_the_password_step_opens_nothing(
        client, editor, django_user_model):
    # The password step kept the browser's session key: whoever had planted it (a shared
    # computer, a cookie set over plain HTTP) saw the enrolment key, set the app up and
    # was let in as the victim.
    from django.test import Client

    django_user_model.objects.create_user("intruder", password=PASSWORD, is_staff=True)
    intruder = Client()
    log_in(intruder, username="intruder")
    planted = intruder.cookies["sessionid"].value
    client.cookies["sessionid"] = planted
    assert log_in(client)["Location"] == CODE
    assert client.cookies["sessionid"].value != planted
    assert key_shown(client.get(CODE))  # the victim's own session goes on to the code
    assert intruder.get(CODE)["Location"].startswith(LOGIN)


def test_the_code_step_without_the_password_step_goes_back_to_the_login(client, editor):
    assert client.get(CODE)["Location"] == LOGIN
    assert client.post(CODE, {"code": "123456"})["Location"] == LOGIN


def test_a_half_done_login_goes_stale_after_ten_minutes(client, editor):
    with time_machine.travel("2026-03-01 10:00Z", tick=False) as clock:
        log_in(client)
        clock.shift(601)
        assert client.get(CODE)["Location"] == LOGIN


def test_a_session_that_skipped_the_code_is_not_let_in(client, editor):
    # A session made without the code step — before 2FA was switched on, say.
    client.force_login(editor)
    assert client.get(INDEX)["Location"].startswith(LOGIN)


def test_the_code_page_is_never_cached_and_keeps_the_admin_policy(client, editor):
    log_in(client)
    page = client.get(CODE)
    assert "no-store" in page["Cache-Control"]
    assert page["Content-Security-Policy"] == ADMIN_POLICY
    html = BeautifulSoup(page.content, "html.parser")
    assert all(script.get("src") for script in html.find_all("script"))  # no inline code


def test_the_code_page_speaks_persian(client, editor):
    log_in(client)
    page = client.get(CODE, HTTP_ACCEPT_LANGUAGE="fa")
    assert "راه‌اندازی ورود دومرحله‌ای" in page.content.decode()


def test_with_two_factor_off_the_password_suffices(client, editor, settings):
    settings.SOKHAN_STAFF_2FA = False
    assert log_in(client)["Location"] == INDEX
    assert client.get(INDEX).status_code == 200
    assert not TOTPDevice.objects.exists()


def test_a_lost_phone_is_forgotten_from_the_command_line_and_set_up_anew(client, editor):
    with time_machine.travel("2026-03-01 10:00Z", tick=False):
        old_key = enrol(client)
        client.logout()
        out = StringIO()
        call_command("forgetdevice", "editor", stdout=out)
        assert "Removed 1 authenticator device of 'editor'" in out.getvalue()
        log_in(client)
        new_key = key_shown(client.get(CODE))  # the setup page again, with a new key
    assert new_key != old_key


def test_forgetting_an_unknown_user_says_so(db):
    with pytest.raises(CommandError, match="There is no user named 'nobody'"):
        call_command("forgetdevice", "nobody")


def test_a_next_address_off_the_site_ends_at_the_desk_not_a_404(client, editor):
    with time_machine.travel("2026-03-01 10:00Z", tick=False):
        response = client.post(LOGIN, {"username": "editor", "password": PASSWORD,
                                       "next": "https://evil.example/"},
                               REMOTE_ADDR="203.0.113.7")
        assert response["Location"].startswith(CODE)
        key = key_shown(client.get(response["Location"]))
        done = client.post(response["Location"], {"code": code_for(key)})
    assert done.status_code == 302 and done["Location"] == INDEX


@pytest.mark.parametrize(("language", "heading", "devices"), [
    ("en", "Two-factor authentication", "Authenticator apps"),
    ("fa", "ورود دومرحله‌ای", "برنامه‌های احراز هویت")])
def test_where_a_lost_phone_is_deleted_is_named_in_the_admin_s_language(
        client, django_user_model, no_two_factor, language, heading, devices):
    # It was headed "OTP_TOTP", the plugin's label, in every language, and its list
    # "TOTP devices" in English alone.
    client.force_login(django_user_model.objects.create_superuser("boss", "", "x"))
    index = BeautifulSoup(client.get(INDEX, HTTP_ACCEPT_LANGUAGE=language).content,
                          "html.parser")
    captions = [caption.get_text(strip=True) for caption in index.select("caption")]
    assert heading in captions and "OTP_TOTP" not in " ".join(captions).upper()
    rows = [row.get_text(strip=True) for row in index.select("th[scope=row]")]
    assert devices in rows and "TOTP devices" not in rows
