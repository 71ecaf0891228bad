"""A staff member, the admin's login as a browser does it, and codes from an authenticator
app computed from the key the enrolment page shows."""

from __future__ import annotations

import re
from base64 import b32decode

import pytest
from bs4 import BeautifulSoup
from django_otp.oath import totp

LOGIN = "/admin/login/"
CODE = "/admin/login/code/"
INDEX = "/admin/"
PASSWORD = "a-long-password-1"


@pytest.fixture(autouse=True)
def _quick_password_hashing(settings):
    # These tests log in (and fail to) a hundred times; Argon2 would make each take a
    # tenth of a second. tests/website checks that real accounts use Argon2.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def editor(db, django_user_model):
    return django_user_model.objects.create_user("editor", password=PASSWORD, is_staff=True)


@pytest.fixture
def two_factor(settings):
    settings.SOKHAN_STAFF_2FA = True


@pytest.fixture
def no_two_factor(settings):
    settings.SOKHAN_STAFF_2FA = False


def log_in(client, username: str = "editor", password: str = PASSWORD,
           address: str = "203.0.113.7"):
    return client.post(LOGIN, {"username": username, "password": password, "next": INDEX},
                       REMOTE_ADDR=address)


def errors(response) -> str:
    page = BeautifulSoup(response.content, "html.parser")
    notes = page.select(".errornote, .errorlist")
    return " ".join(note.get_text(" ", strip=True) for note in notes)


def key_shown(response) -> bytes:
    """The key as a staff member would type it into their app."""
    text = BeautifulSoup(response.content, "html.parser").select_one(".staff-secret").get_text()
    return b32decode(re.sub(r"\s", "", text) + "=" * (-len(re.sub(r"\s", "", text)) % 8))


def code_for(key: bytes, steps_ahead: int = 0) -> str:
    return f"{totp(key, drift=steps_ahead):06d}"
