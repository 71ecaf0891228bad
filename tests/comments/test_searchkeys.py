"""The moderators' search keys follow the normaliser: a migrate after a change to
persian/normalise.py keys every comment again, without anyone having to remember it."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from sokhan.comments import posting, searchkeys
from sokhan.comments.models import Comment, KeysMade, search_key_of
from sokhan.persian import normalise

pytestmark = pytest.mark.django_db


@pytest.fixture
def comments(make_statement):
    statement = make_statement("On the strike")
    for words in ("یک كتابی خوب", "مسؤولان پاسخ دهند"):
        posting.save(statement, {"comment": words}, None, "hash", 1)
    return Comment.objects.all()


def test_a_migrate_after_the_normaliser_changed_keys_the_comments_again(comments):
    # Keys made by an older normaliser: the queue's search missed those comments until an
    # operator thought of `sokhan reindex`.
    comments.update(search_key="made-by-an-older-normaliser")
    KeysMade.objects.update(fingerprint="an-older-normaliser")
    call_command("migrate", verbosity=0)
    assert all(c.search_key == search_key_of(c.name, c.subject, c.body) for c in comments)
    assert list(KeysMade.objects.values_list("fingerprint", flat=True)) == [
        searchkeys.fingerprint()]


def test_a_migrate_with_the_same_normaliser_leaves_the_keys_alone(comments):
    call_command("migrate", verbosity=0)  # writes today's fingerprint down
    comments.update(search_key="left-alone")
    call_command("migrate", verbosity=0)
    assert set(comments.values_list("search_key", flat=True)) == {"left-alone"}


def test_the_fingerprint_changes_with_what_the_normaliser_does(monkeypatch):
    today = searchkeys.fingerprint()
    assert searchkeys.fingerprint() == today  # the same normaliser, the same fingerprint
    searchkeys._probe.cache_clear()
    # Made once a process; the process that loads a changed normaliser is a new one.
    monkeypatch.setattr(searchkeys, "fingerprint", searchkeys.fingerprint.__wrapped__)
    original = normalise.normalise
    # A new rule for one pair of letters (as the hamza's seat before waw was).
    monkeypatch.setattr("sokhan.comments.models.normalise",
                        lambda text: original(text).replace("ءا", "آ"))
    assert searchkeys.fingerprint() != today
