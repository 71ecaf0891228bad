"""Each step of the staff login is headed by one <h1> that says what the page is for, in
the admin's language (WCAG 1.3.1, 2.4.6): Django 5.2's login page has none, and the code
step had only an <h2>."""

from __future__ import annotations

import pytest
import time_machine
from bs4 import BeautifulSoup

from .conftest import CODE, LOGIN, code_for, key_shown, log_in

pytestmark = pytest.mark.usefixtures("two_factor")

HEADINGS = {
    "en": {"password": "Log in", "setup": "Set up two-factor authentication",
           "code": "Two-factor authentication"},
    "fa": {"password": "ورود", "setup": "راه‌اندازی ورود دومرحله‌ای",
           "code": "ورود دومرحله‌ای"},
}


def headings(response) -> list[str]:
    assert response.status_code == 200
    return [h1.get_text(strip=True)
            for h1 in BeautifulSoup(response.content, "html.parser").find_all("h1")]


@pytest.mark.parametrize("language", ["en", "fa"])
def test_each_login_step_has_one_h1_in_the_admins_language(client, editor, language):
    client.cookies["django_language"] = language
    expected = HEADINGS[language]
    assert headings(client.get(LOGIN)) == [expected["password"]]
    with time_machine.travel("2026-03-01 10:00Z", tick=False) as clock:
        log_in(client)
        enrolment = client.get(CODE)
        assert headings(enrolment) == [expected["setup"]]
        client.post(CODE, {"code": code_for(key_shown(enrolment))})
        client.logout()  # which forgets the language cookie too
        client.cookies["django_language"] = language
        clock.shift(60)  # a code is accepted once
        log_in(client)
        assert headings(client.get(CODE)) == [expected["code"]]
