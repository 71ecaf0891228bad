"""The index follows every change to statements, signatories and topics, and
`sokhan reindex` rebuilds it."""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Iterator
from datetime import timedelta

import pytest
import time_machine
from click.testing import CliRunner
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from sokhan.cli import main
from sokhan.publishing.models import Statement
from sokhan.search import index
from sokhan.search.models import Entry, Keys
from sokhan.search.normaliser import KEYS_VERSION, index_key

pytestmark = pytest.mark.django_db


def test_a_new_statement_is_found_at_once(make_statement, find):
    make_statement("Fresh statement", body="<p>Quokka</p>")
    assert find("quokka") == ["Fresh statement"]


def test_an_edited_statement_is_found_by_its_new_words_only(make_statement, find):
    statement = make_statement("Old title")
    statement.title = "New heading"
    statement.save()
    assert find("heading") == ["New heading"]
    assert find("old") == []


def test_a_deleted_statement_leaves_the_index(make_statement, find):
    statement = make_statement("Doomed walrus")
    statement.delete()
    assert find("walrus") == []
    assert not Entry.objects.exists()


def test_statements_deleted_in_bulk_leave_the_index(make_statement, find):
    make_statement("Walrus one")
    make_statement("Walrus two")
    Statement.objects.all().delete()
    assert find("walrus") == [] and not Entry.objects.exists()


def test_an_unpublished_statement_is_no_longer_found(make_statement, find):
    statement = make_statement("Withdrawn walrus")
    statement.status = "draft"
    statement.save()
    assert find("walrus") == []


def test_a_scheduled_statement_is_found_from_its_time_on(make_statement, find):
    make_statement("Scheduled walrus", status="scheduled",
                   published_at=timezone.now() + timedelta(hours=2))
    assert find("walrus") == []
    with time_machine.travel(timezone.now() + timedelta(hours=3)):
        assert find("walrus") == ["Scheduled walrus"]


def test_a_signatory_renamed_is_found_by_its_new_name(make_statement, make_signatory, find):
    signatory = make_signatory("board", "Old Board", "هیئت قدیم")
    make_statement("Signed", signatory=signatory)
    signatory.name_en = "Renamed Committee"
    signatory.save()
    assert find("committee") == ["Signed"]
    assert find("board") == []


def test_saving_a_signatory_without_renaming_it_rewrites_nothing(make_statement,
                                                                make_signatory,
                                                                django_assert_max_num_queries):
    signatory = make_signatory("board", "Board", "هیئت")
    make_statement("Signed", signatory=signatory)
    signatory.slug = "the-board"
    with django_assert_max_num_queries(2):  # the name check and the update itself
        signatory.save()


def test_a_topic_renamed_is_found_by_its_new_name(make_statement, make_topic, find):
    topic = make_topic("t", "Old topic", "موضوع")
    make_statement("Tagged", topics=[topic])
    topic.name_fa = "زندانیان"
    topic.save()
    assert find("زندانيان", lang="fa") == ["Tagged"]


def test_topics_added_and_removed_on_either_side(make_statement, make_topic, find):
    topic = make_topic("wombats", "Wombats", "ومبت")
    statement = make_statement("Tagged later")
    statement.topics.add(topic)
    assert find("wombats") == ["Tagged later"]
    statement.topics.remove(topic)
    assert find("wombats") == []
    topic.statements.add(statement)
    assert find("wombats") == ["Tagged later"]
    topic.statements.remove(statement)
    assert find("wombats") == []
    topic.statements.add(statement)
    topic.statements.clear()
    assert find("wombats") == []
    statement.topics.set([topic])
    statement.topics.clear()
    assert find("wombats") == []


def test_a_deleted_topic_no_longer_finds_its_statements(make_statement, make_topic, find):
    topic = make_topic("wombats", "Wombats", "ومبت")
    make_statement("Tagged", topics=[topic])
    topic.delete()
    assert find("wombats") == []
    assert find("speech") == ["Tagged"]


def test_a_change_rolled_back_leaves_the_index_as_it_was(make_statement, find):
    statement = make_statement("Stable walrus")
    with pytest.raises(RuntimeError), transaction.atomic():
        statement.title = "Changed narwhal"
        statement.save()
        raise RuntimeError
    assert find("walrus") == ["Stable walrus"]
    assert find("narwhal") == []


def test_reindex_rebuilds_what_bulk_updates_bypassed(make_statement, find):
    make_statement("Original walrus")
    Statement.objects.update(title="Bulk narwhal")  # sends no signals
    assert find("narwhal") == []
    result = CliRunner().invoke(main, ["reindex"], catch_exceptions=False)
    assert result.exit_code == 0
    assert "Search index rebuilt: 1 statement; 0 comments keyed" in result.stdout
    assert "Indexing" in result.stderr  # the progress bar (a bare label when not a terminal)
    assert find("narwhal") == ["Bulk narwhal"]
    assert find("walrus") == []


def test_reindex_keys_comments_again_for_the_moderators_search(make_statement):
    # Rows changed past the ORM, or keys made before the matching key changed, stayed as
    # they were: the queue's search missed those comments.
    from sokhan.comments import posting
    from sokhan.comments.models import Comment, search_key_of

    statement = make_statement("On the strike")
    for words in ("یک كتابی خوب", "casino night"):
        posting.save(statement, {"comment": words}, None, "hash", 1)
    Comment.objects.update(search_key="")  # as an older normalisation, or a bulk write
    result = CliRunner().invoke(main, ["reindex"], catch_exceptions=False)
    assert "2 comments keyed for the moderators' search" in result.stdout
    assert all(comment.search_key == search_key_of(comment.name, comment.subject,
                                                   comment.body) != ""
               for comment in Comment.objects.all())


def test_reindex_shows_progress_and_counts_every_statement(make_statement, find):
    for number in range(3):
        make_statement(f"Walrus {number}")
    Entry.objects.all().delete()
    assert find("walrus") == []
    seen: list[int] = []
    assert index.rebuild(on_progress=seen.append) == 3
    assert sum(seen) == 3
    assert len(find("walrus")) == 3


def test_reindex_keeps_the_index_following_saves_afterwards(make_statement, find):
    index.rebuild()
    make_statement("After the rebuild", body="<p>Capybara</p>")
    assert find("capybara") == ["After the rebuild"]


def test_an_upgrade_that_changes_the_keys_rebuilds_the_index_at_migrate(make_statement,
                                                                        find):
    # Indexed before a spelling was unified: the new keys would not find it.
    make_statement("Accountable", language="fa", body="<p>پاسخ مسؤولان</p>")
    Entry.objects.update(body="مسوولان")  # the key of version 1
    Keys.objects.update(version=1)
    assert find("مسئولان", lang="fa") == []
    call_command("migrate", verbosity=0)
    assert find("مسئولان", lang="fa") == ["Accountable"]
    assert list(Keys.objects.values_list("version", flat=True)) == [KEYS_VERSION]


# What index_key() makes of every Arabic-block character and pair of them, and of every
# three of the letters whose neighbours decide how they are read (alefs, a hamza's
# seats, marks, a few consonants, joiners), under the KEYS_VERSION of the day: a change to
# the keys that forgets to raise the version (and so to rebuild the index of every site at
# its next migrate) fails here. Raise the version, then write the new hash down.
KEYS_HASH = {3: "dbe6bba91409636536ade30b21888b37b28d12293c44a249d8d76da4de572d5f",
             4: "76e45ad90d32beee8a65684b570b3393b542fbc3d555ed5717a33c4d49efa282"}
_NEIGHBOURLY = "اآأإئؤءیيىوه\u064b\u0654تلنسک\u200c\u200b "


def _probe() -> Iterator[str]:
    arabic = [chr(c) for c in range(0x0600, 0x0700)]
    yield from arabic
    yield from map("".join, itertools.product(arabic, repeat=2))
    yield from map("".join, itertools.product(_NEIGHBOURLY, repeat=3))
    # And whole phrases, for the rules that look at a word's parts and its neighbours.
    yield from ["هیئت‌ها", "هیئت ها", "هیات ها", "مسئله‌ای", "هیئت مدیره", "می خواهیم",
                "نمی‌خواهیم", "کتاب‌ها و کتاب ها", "مسئولان و مسؤولان", "بزرگ ترین",
                "Free speech, FREE SPEECH", "۱۴۰۲ ١٤٠٢ 1402"]


def test_the_keys_version_changes_whenever_the_keys_do():
    digest = hashlib.sha256()
    for text in _probe():
        digest.update(index_key(text).encode("utf-8", "surrogatepass") + b"\0")
    assert digest.hexdigest() == KEYS_HASH.get(KEYS_VERSION)


def test_a_migrate_with_the_same_keys_leaves_the_index_alone(make_statement, find):
    make_statement("Left alone", body="<p>Quokka</p>")
    Entry.objects.update(body="")  # not rebuilt, so not found again
    call_command("migrate", verbosity=0)
    assert find("quokka") == []
