"""Spam rules that every comment post checks, kept in each process until a moderator
changes them: no queries for them per post, and a change applies to the very next post."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from sokhan.antispam.models import Defence, DisallowedWord
from sokhan.comments import keys
from sokhan.comments.models import Block, Comment, Status, email_key

pytestmark = pytest.mark.django_db(transaction=True)
ADDRESS = "203.0.113.5"


@pytest.fixture
def send(client, make_statement, settings):
    settings.SOKHAN_CAPTCHA = False
    settings.SOKHAN_COMMENTS_PER_MINUTE = settings.SOKHAN_COMMENTS_PER_HOUR = 1000
    settings.SOKHAN_PREVIEWS_PER_MINUTE = 1000
    url = make_statement("On the strike", slug="on-the-strike").get_absolute_url()

    def post(comment: str, **fields: str) -> int:
        return client.post(url + "comments/", {"comment": comment, "save": "1", **fields},
                           REMOTE_ADDR=ADDRESS).status_code
    return post


def rule_queries(seen: CaptureQueriesContext, tables: tuple[str, ...] = (
        "comments_block", "antispam_disallowedword")) -> list[str]:
    return [q["sql"] for q in seen.captured_queries if any(t in q["sql"] for t in tables)]


def test_posts_read_the_rules_once_until_they_change(generations, send):
    assert send("The first comment.") == 200
    with CaptureQueriesContext(connection) as seen:
        assert send("The second comment.") == 200
    assert rule_queries(seen) == []
    DisallowedWord.objects.create(phrase="Forbidden")
    assert send("A forbidden word.") == 400
    DisallowedWord.objects.all().delete()
    assert send("A forbidden word, allowed again.") == 200
    assert Comment.objects.count() == 3


def test_a_block_applies_to_the_next_post_and_ends_on_time(generations, send):
    assert send("Before the block.") == 200
    address_hash, period = keys.hash_request(RequestFactory().get("/", REMOTE_ADDR=ADDRESS))
    until = timezone.now() + timedelta(days=1)
    Block.objects.create(kind=Block.Kind.ADDRESS, value=address_hash, period=period,
                         until=until)
    Block.objects.create(kind=Block.Kind.EMAIL, value=email_key("troll@example.org"),
                         until=until + timedelta(days=1))
    assert send("While blocked.") == 400
    with time_machine.travel(until + timedelta(minutes=1)):
        # The kept blocks are not read again, yet the one that ended no longer applies.
        with CaptureQueriesContext(connection) as seen:
            assert send("After the block ended.") == 200
        assert rule_queries(seen, ("comments_block",)) == []
        # Kept as spam, and never said (docs/moderators.md).
        assert send("Still blocked by e-mail.", email="Troll@example.org ") == 200
        assert Comment.objects.get(body="Still blocked by e-mail.").status == Status.SPAM
    Block.objects.all().delete()
    assert send("No block at all.", email="troll@example.org") == 200
    assert Comment.objects.get(body="No block at all.").status != Status.SPAM


def test_challenges_read_flood_mode_once_until_a_moderator_changes_it(generations, client,
                                                                     settings):
    settings.SOKHAN_CHALLENGES_PER_MINUTE = 20

    def ask() -> int:
        return client.get("/en/captcha/new.json", REMOTE_ADDR=ADDRESS).status_code

    assert ask() == 200
    with CaptureQueriesContext(connection) as seen:
        assert ask() == 200
    assert rule_queries(seen, ("antispam_defence",)) == []
    level = Defence.load()
    level.flood = True
    level.save()
    assert [ask() for _ in range(4)] == [200, 200, 200, 429]  # 5 a minute
    level.flood = False
    level.save()
    assert ask() == 200
