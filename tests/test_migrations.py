"""The models and the migrations agree: a model change without its migration fails here,
not on an operator's `sokhan migrate`."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from sokhan.search.models import Keys
from sokhan.search.normaliser import KEYS_VERSION


@pytest.mark.django_db
def test_every_model_change_has_its_migration():
    out = io.StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out)
    except SystemExit:
        pytest.fail(f"Models changed without a migration:\n{out.getvalue()}")


@pytest.mark.django_db(transaction=True)
def test_migrating_the_search_index_back_and_forth_succeeds():
    # The keys' check after every migrate asked for a table a backward migrate had dropped.
    call_command("migrate", "search", "0001", verbosity=0)
    call_command("migrate", "search", verbosity=0)
    assert list(Keys.objects.values_list("version", flat=True)) == [KEYS_VERSION]


@pytest.mark.django_db(transaction=True)
def test_migrating_takes_e_mail_addresses_out_of_the_comments_history(make_statement):
    # Saved before 2026-12-06, a comment's states in the admin's History held its e-mail
    # address, which the comment itself now loses after SOKHAN_EMAIL_RETENTION_DAYS.
    import json

    from django.contrib.contenttypes.models import ContentType
    from reversion.models import Revision, Version

    from sokhan.comments import posting
    from sokhan.comments.models import Comment

    comment = posting.save(make_statement("On the strike"), {"comment": "Words",
                                                             "email": "a@example.org"},
                           None, "hash", 1)
    call_command("migrate", "comments", "0019", verbosity=0)
    state = [{"model": "comments.comment", "pk": comment.pk,
              "fields": {"body": "Words", "email": "a@example.org", "status": "pending"}}]
    Version.objects.create(
        revision=Revision.objects.create(date_created=comment.created_at),
        object_id=str(comment.pk), content_type=ContentType.objects.get_for_model(Comment),
        db="default", format="json", serialized_data=json.dumps(state), object_repr="Words")
    call_command("migrate", "comments", verbosity=0)
    kept = json.loads(Version.objects.get().serialized_data)[0]["fields"]
    assert kept == {"body": "Words", "status": "pending"}


@pytest.mark.django_db(transaction=True)
def test_migrating_keys_the_e_mail_addresses_blocks_kept():
    from datetime import timedelta

    from django.contrib.admin.models import CHANGE, LogEntry
    from django.contrib.auth.models import User
    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone

    from sokhan.comments.models import Block, email_key

    call_command("migrate", "comments", "0021", verbosity=0)
    block = Block.objects.create(kind="email", value="troll@example.org",
                                 until=timezone.now() + timedelta(days=1))
    kind, editor = ContentType.objects.get_for_model(Block), User.objects.create(username="m")
    for repr_ in ("E-mail address troll@exampl… until 1 January", "Address hash "
                  "0123456789ab… until 1 January"):  # as Recent actions named them
        LogEntry.objects.create(user=editor, content_type=kind, object_id=str(block.pk),
                                object_repr=repr_, action_flag=CHANGE)
    call_command("migrate", "comments", verbosity=0)
    assert Block.objects.get().value == email_key("Troll@example.org")
    assert sorted(LogEntry.objects.values_list("object_repr", flat=True)) == [
        f"#{block.pk}", "Address hash 0123456789ab… until 1 January"]


@pytest.mark.django_db(transaction=True)
def test_migrating_keys_the_day_s_fingerprints_and_blanks_the_older(make_statement):
    # Plain SHA-256 hashes of comments' words, a moderator's cut included, stayed after
    # the fingerprint was keyed (a review of the change).
    import hashlib
    from datetime import timedelta

    from django.utils import timezone

    from sokhan.antispam.rules import duplicate_key
    from sokhan.comments import posting
    from sokhan.comments.models import Comment

    statement = make_statement("On the strike")
    call_command("migrate", "comments", "0023", verbosity=0)

    def plain(words: str) -> str:
        return hashlib.sha256(duplicate_key(words).encode()).hexdigest()

    made = {}
    for words, age in (("Call me on 0912 345 6789", 3), ("Solidarity today", 0)):
        made[words] = Comment.objects.create(
            statement=statement, body=words, body_html=f"<p>{words}</p>",
            fingerprint=plain(words), address_hash="h", address_period=1).pk
        Comment.objects.filter(pk=made[words]).update(
            created_at=timezone.now() - timedelta(days=age, minutes=1))
    call_command("migrate", "comments", verbosity=0)
    older, today = (Comment.objects.get(pk=made[w]) for w in made)
    assert older.fingerprint == ""
    assert today.fingerprint == posting.fingerprint("Solidarity today")
