"""The admin's language switch: a Persian moderator whose browser asks for English (Tor
Browser does, whatever its user reads) can still have the desk in Persian."""

from __future__ import annotations

import smtplib

import pytest
from bs4 import BeautifulSoup

from .conftest import log_in

ENGLISH_BROWSER = {"HTTP_ACCEPT_LANGUAGE": "en-US,en;q=0.5"}


@pytest.fixture
def administrator(client, django_user_model, no_two_factor):
    client.force_login(django_user_model.objects.create_superuser("boss", "", "x"))
    return client


def page(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def test_a_moderator_with_an_english_browser_switches_the_desk_to_persian(administrator):
    desk = page(administrator.get("/admin/", **ENGLISH_BROWSER))
    assert desk.html["lang"] == "en"
    switch = desk.select_one("#user-tools form.admin-language")
    button = switch.find("button")
    assert (button["name"], button["value"], button.get_text()) == ("language", "fa", "فارسی")
    assert switch.find("input", attrs={"name": "next"})["value"] == "/admin/"

    chosen = administrator.post(switch["action"], {"language": "fa",
                                                   "next": "/admin/comments/comment/"},
                                **ENGLISH_BROWSER)
    assert chosen.status_code == 302 and chosen["Location"] == "/admin/comments/comment/"
    cookie = chosen.cookies["django_language"]
    # Sent back to the admin alone: reader pages get no cookie of it.
    assert (cookie.value, cookie["path"], cookie["httponly"]) == ("fa", "/admin/", True)
    queue = page(administrator.get("/admin/comments/comment/", **ENGLISH_BROWSER))
    assert (queue.html["lang"], queue.html["dir"]) == ("fa", "rtl")
    back = queue.select_one("#user-tools form.admin-language button")
    assert (back["value"], back.get_text()) == ("en", "English")
    # Reader pages take their language from their address, the cookie or not.
    assert page(administrator.get("/en/", **ENGLISH_BROWSER)).html["lang"] == "en"


def test_the_login_page_has_the_switch_too(client, db):
    login = page(client.get("/admin/login/", **ENGLISH_BROWSER))
    button = login.select_one("#branding form.admin-language button")
    assert button["value"] == "fa"
    client.post("/admin/language/", {"language": "fa", "next": "/admin/login/"})
    assert page(client.get("/admin/login/", **ENGLISH_BROWSER)).html["lang"] == "fa"


@pytest.mark.django_db
def test_each_moderator_is_mailed_in_the_language_chosen_in_the_admin(client, mailoutbox,
                                                                      make_statement,
                                                                      no_two_factor):
    # The mail went out in the site's default language, whatever each moderator read.
    from django.contrib.auth.models import Group, User

    from sokhan.comments import notifications, posting
    from sokhan.website.roles import MODERATORS

    def moderator(name: str) -> User:
        user = User.objects.create_user(name, f"{name}@example.org", "a-long-password-1",
                                        is_staff=True)
        user.groups.add(Group.objects.get(name=MODERATORS))
        return user

    persian, english = moderator("parvin"), moderator("ellen")
    moderator("new")
    client.force_login(persian)
    client.post("/admin/language/", {"language": "fa", "next": "/admin/"})
    client.force_login(english)
    client.post("/admin/language/", {"language": "fa", "next": "/admin/"})
    client.post("/admin/language/", {"language": "en", "next": "/admin/"})  # and back
    client.logout()
    # A switch on the login page counts once its user signs in.
    client.post("/admin/language/", {"language": "fa", "next": "/admin/login/"})
    assert log_in(client, "new", "a-long-password-1").status_code == 302
    notifications.moderators(fresh=True)
    posting.save(make_statement("On the strike"), {"comment": "Words"}, None, "hash", 1)
    assert notifications.send_due(whenever=True)
    # One mail to each: no moderator reads the others' addresses.
    by_address = {tuple(mail.to): mail.subject for mail in mailoutbox}
    assert by_address == {("ellen@example.org",): "1 new comment waiting for moderation",
                          ("new@example.org",): "۱ دیدگاه تازه در انتظار بررسی",
                          ("parvin@example.org",): "۱ دیدگاه تازه در انتظار بررسی"}
    assert not any(mail.cc or mail.bcc for mail in mailoutbox)


@pytest.mark.django_db
def test_a_mail_that_fails_in_one_language_is_not_sent_twice_in_the_other(
        client, mailoutbox, make_statement, monkeypatch):
    from django.contrib.auth.models import Group, User
    from django.core import mail

    from sokhan.comments import notifications, posting
    from sokhan.website.models import StaffLanguage
    from sokhan.website.roles import MODERATORS

    for name, language in (("ellen", "en"), ("parvin", "fa")):
        user = User.objects.create_user(name, f"{name}@example.org", is_staff=True)
        user.groups.add(Group.objects.get(name=MODERATORS))
        StaffLanguage.objects.create(user=user, language=language)
    notifications.moderators(fresh=True)
    from django.core.mail.backends.locmem import EmailBackend

    class RefusesParvin(EmailBackend):
        def send_messages(self, messages):
            if any(m.to == ["parvin@example.org"] for m in messages):
                raise smtplib.SMTPRecipientsRefused({"parvin@example.org": (550, b"no")})
            return super().send_messages(messages)

    monkeypatch.setattr(notifications, "get_connection", RefusesParvin)
    posting.save(make_statement("On the strike"), {"comment": "Words"}, None, "hash", 1)
    assert notifications.send_due(whenever=True)  # sent in English
    assert not notifications.send_due(whenever=True)  # nothing new: not sent again
    assert [m.to for m in mail.outbox] == [["ellen@example.org"]]


def test_the_choice_is_kept_as_the_language_set_language_takes(administrator,
                                                               django_user_model):
    from sokhan.website.models import StaffLanguage

    administrator.post("/admin/language/", {"language": "fa-IR", "next": "/admin/"})
    assert StaffLanguage.objects.get().language == "fa"


def test_the_persian_delete_action_reads_as_persian_for_every_list(administrator):
    # "حذف مسدودسازی‌ها برگزیده" lacked its ezafe, and Django's own had put the plural
    # suffix on words that were plural already (review).
    from datetime import timedelta

    from django.utils import timezone

    from sokhan.antispam.models import DisallowedWord
    from sokhan.comments.models import Block

    Block.objects.create(kind=Block.Kind.ADDRESS, value="hash", period=1,
                         until=timezone.now() + timedelta(days=1))
    DisallowedWord.objects.create(phrase="casino")
    administrator.post("/admin/language/", {"language": "fa", "next": "/admin/"})
    for path, name in (("/admin/comments/block/", "مسدودسازی‌ها"),
                       ("/admin/antispam/disallowedword/", "واژه‌های ممنوع")):
        options = [o.get_text() for o in page(administrator.get(path)).select(
            "select[name=action] option")]
        assert f"حذف موارد برگزیده از {name}" in options, options
