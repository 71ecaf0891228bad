"""Comments removed before removal cleared the admin's History are cleared by a migration."""

from __future__ import annotations

import json

import pytest
import reversion
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from reversion.models import Version

from sokhan.comments import posting
from sokhan.comments.models import Comment, Reason, Status

pytestmark = pytest.mark.django_db(transaction=True)


def _kept(statement, words: str, **fields) -> Comment:
    comment = posting.save(statement, {"comment": words, "email": "a@example.org"}, None,
                           "hash", 1)
    with reversion.create_revision():  # as the admin's change form keeps an edit
        comment.save()
    Comment.objects.filter(pk=comment.pk).update(**fields)
    return comment


def test_removed_comments_lose_their_kept_versions_and_author_deleted_ones_their_hash(
        make_statement):
    statement = make_statement()
    deleted = _kept(statement, "Taken back", status=Status.REMOVED,
                    removal_reason=Reason.AUTHOR_REQUEST)
    removed = _kept(statement, "Off topic", status=Status.REMOVED, removal_reason=Reason.OFF_TOPIC)
    shown = _kept(statement, "Still shown", status=Status.PUBLISHED)
    # Rows written as before 0005 would have left them (made first: today's model has
    # columns that the tables of 0004 lack), then the migrations run over them.
    call_command("migrate", "comments", "0004", verbosity=0)
    call_command("migrate", "comments", verbosity=0)
    assert not Version.objects.get_for_object(deleted).exists()
    assert not Version.objects.get_for_object(removed).exists()
    assert Version.objects.get_for_object(shown).exists()
    assert Comment.objects.get(pk=deleted.pk).fingerprint == ""
    assert Comment.objects.get(pk=removed.pk).fingerprint == removed.fingerprint != ""


def test_history_and_recent_actions_keep_nothing_of_who_wrote_what_is_gone(make_statement):
    statement = make_statement()
    shown = _kept(statement, "Still shown", status=Status.PUBLISHED)
    removed = _kept(statement, "Call me on 0912", status=Status.PUBLISHED)
    purged = _kept(statement, "My name is Ali", status=Status.SPAM)
    kind = ContentType.objects.get_for_model(Comment)
    editor = User.objects.create(username="editor")  # the admin logged their edits
    for comment in (shown, removed, purged):
        LogEntry.objects.create(user=editor, content_type=kind, object_id=str(comment.pk),
                                object_repr=comment.body, action_flag=CHANGE)
    Comment.objects.filter(pk=removed.pk).update(status=Status.REMOVED)
    # Deleted as before 0011: without today's signals, which forget what 0011 forgets.
    Comment.objects.filter(pk=purged.pk)._raw_delete(Comment.objects.db)
    old = Version.objects.get_for_object(shown).get()  # as kept before: every field
    data = json.loads(old.serialized_data)
    data[0]["fields"].update(address_hash="hash", address_period=1, fingerprint="words")
    Version.objects.filter(pk=old.pk).update(serialized_data=json.dumps(data))
    call_command("migrate", "comments", "0010", verbosity=0)
    call_command("migrate", "comments", verbosity=0)
    kept = json.loads(Version.objects.get(pk=old.pk).serialized_data)[0]["fields"]
    assert not {"address_hash", "address_period", "fingerprint"} & set(kept)
    # The words stay; since 0020 the e-mail address goes too (kept 30 days on the comment).
    assert kept["body"] == "Still shown" and "email" not in kept
    names = dict(LogEntry.objects.values_list("object_id", "object_repr"))
    assert names == {str(shown.pk): "Still shown", str(removed.pk): f"#{removed.pk}",
                     str(purged.pk): f"#{purged.pk}"}


def test_comments_written_before_the_search_key_are_keyed_by_the_migration(make_statement):
    statement = make_statement()
    for n in range(3):
        posting.save(statement, {"comment": f"یک كتابی خوب {n}", "name": "Ali"}, None,
                     "hash", 1)
    as_saved = dict(Comment.objects.values_list("pk", "search_key"))
    call_command("migrate", "comments", "0013", verbosity=0)  # the column is gone
    call_command("migrate", "comments", verbosity=0)
    assert dict(Comment.objects.values_list("pk", "search_key")) == as_saved
    assert all(key.startswith("ali|") and "یککتابیخوب" in key for key in as_saved.values())
