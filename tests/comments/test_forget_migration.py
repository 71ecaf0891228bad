"""Comments removed before removal cleared the admin's History are cleared by a migration."""

from __future__ import annotations

import pytest
import reversion
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
    call_command("migrate", "comments", "0004", verbosity=0)
    deleted = _kept(statement, "Taken back", status=Status.REMOVED,
                    removal_reason=Reason.AUTHOR_REQUEST)
    removed = _kept(statement, "Off topic", status=Status.REMOVED, removal_reason=Reason.OFF_TOPIC)
    shown = _kept(statement, "Still shown", status=Status.PUBLISHED)
    call_command("migrate", "comments", verbosity=0)
    assert not Version.objects.get_for_object(deleted).exists()
    assert not Version.objects.get_for_object(removed).exists()
    assert Version.objects.get_for_object(shown).exists()
    assert Comment.objects.get(pk=deleted.pk).fingerprint == ""
    assert Comment.objects.get(pk=removed.pk).fingerprint == removed.fingerprint != ""
