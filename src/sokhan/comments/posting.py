"""Turning a valid submission into a stored comment."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core import signing
from django.db import connection
from django.utils import timezone
from django.utils.crypto import salted_hmac

from sokhan import textformat
from sokhan.antispam.models import Defence
from sokhan.antispam.rules import duplicate_key
from sokhan.comments import thread
from sokhan.comments.models import Action, Comment, ModerationAction, Reason, Status
from sokhan.comments.subject import default_subject
from sokhan.publishing.models import Statement
from sokhan.textformat.characters import REMOVED
from sokhan.website.writes import writing

DELETE_SALT = "sokhan.comments.delete"


class ReplyError(ValueError):
    """The comment replied to cannot take replies here."""


def reply_parent(statement: Statement, parent_pk: int | None) -> Comment | None:
    """The published comment of this statement being replied to, or an error."""
    if parent_pk is None:
        return None
    parent = Comment.objects.filter(pk=parent_pk, statement=statement,
                                    status=Status.PUBLISHED).first()
    if parent is None:
        raise ReplyError(parent_pk)
    return parent


def preview(data: dict[str, Any]) -> Comment:
    """An unsaved comment, rendered exactly as it will appear."""
    body = data["comment"]
    # The subject is shown inline and in feeds (XML 1.0 has no control characters): one
    # made from the text drops what a typed subject may not hold either.
    return Comment(name=data.get("name", ""), homepage=data.get("homepage", ""),
                   subject=data.get("subject") or default_subject(REMOVED.sub("", body)),
                   body=body,
                   body_html=textformat.render(body))


def held() -> bool:
    """Whether a new comment waits for a moderator: pre-moderation, or flood mode."""
    return settings.SOKHAN_COMMENTS_PREMODERATED or Defence.current().flood


def save(statement: Statement, data: dict[str, Any], parent: Comment | None,
         address_hash: str, period: int, *, as_spam: bool = False,
         like_spam: int | None = None) -> Comment:
    """Store a comment. ``as_spam``: kept as spam (its e-mail address is blocked);
    ``like_spam``: kept as spam for being like that comment, which a moderator marked as
    spam (alike.like_spam). The moderation log says which, for the moderators' list of
    the spam kept without them."""
    kept = (Action.KEPT_ALIKE if like_spam is not None else Action.KEPT_BLOCKED if as_spam
            else None)
    as_spam = kept is not None
    comment = preview(data)
    comment.statement = statement
    comment.email = data.get("email", "")
    comment.fingerprint = fingerprint(comment.body)
    comment.address_hash, comment.address_period = address_hash, period
    comment.status = (Status.SPAM if as_spam else Status.PENDING if held()
                      else Status.PUBLISHED)
    if parent is not None:
        target, depth = thread.reply_target(parent.pk, parent.depth, parent.parent_id,
                                            settings.SOKHAN_COMMENT_MAX_DEPTH)
        comment.parent_id, comment.depth = target, depth
        comment.thread_id = parent.thread_id if target is not None else None
    with writing():
        _one_at_a_time(statement.pk, comment.fingerprint)
        if posted_within_a_day(statement.pk, comment.fingerprint):
            raise Duplicate
        comment.save()
        if comment.thread_id is None:  # a new thread: its root is the comment itself
            comment.thread_id = comment.pk
            with connection.cursor() as cursor:  # written out: the ORM's update took 5x as long
                cursor.execute(_THREAD_SQL, (comment.pk, comment.pk))
        if kept is not None:
            ModerationAction.objects.create(comment=comment, action=kept,
                                            reason=Reason.SPAM, alike_id=like_spam)
    return comment


_THREAD_SQL = f"UPDATE {Comment._meta.db_table} SET thread_id = %s WHERE id = %s"


class Duplicate(Exception):
    """Another request saved the same text on the same statement a moment ago."""


# Written out: building this query with the ORM took ten times as long as running it
# (0.23 against 0.02 ms), on every comment post. tests/antispam/test_layers.py checks it
# just inside and just past the day, and that it is answered by its index.
_DUPLICATE_SQL = (f"SELECT 1 FROM {Comment._meta.db_table} WHERE statement_id = %s"
                  " AND fingerprint = %s AND created_at >= %s LIMIT 1")


def posted_within_a_day(statement_id: int, fingerprint: str) -> bool:
    since = connection.ops.adapt_datetimefield_value(timezone.now() - timedelta(days=1))
    with connection.cursor() as cursor:
        cursor.execute(_DUPLICATE_SQL, (statement_id, fingerprint, since))
        return cursor.fetchone() is not None


def _one_at_a_time(statement_id: int, fingerprint: str) -> None:
    """Within the write transaction: no other save of the same text on the same statement
    runs between our look and our write. SQLite has one writer at a time anyway
    (website/writes.py); PostgreSQL takes a lock on the pair until the commit."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))",
                           (f"comment:{statement_id}:{fingerprint}",))


def fingerprint(body: str) -> str:
    """What finds the same words again (duplicates, Save pressed twice). Keyed with the
    site's secret: a plain hash let anyone holding a copy of the database test guesses at
    words a moderator cut out (a phone number is 10⁸ guesses), since the rest of the
    comment is there to read (security review)."""
    return salted_hmac(_FINGERPRINT_SALT, duplicate_key(body), algorithm="sha256").hexdigest()


_FINGERPRINT_SALT = "sokhan.comments.fingerprint"


def deletion_token(comment: Comment) -> str:
    # The moment the comment was written goes with its number: a site restored from a
    # backup hands the numbers after the backup out again, and a link given before the
    # restore must not delete the comment someone else writes after it.
    # No time stamp (signing.dumps adds one): the link is the same whenever it is shown,
    # as when Save pressed twice shows the comment saved by the first press.
    return _SIGNER.sign_object([comment.pk, _written(comment)], compress=True)


# A salt of its own: a plain Signer would take the old time-stamped links as its own
# (their signature covers "value:time" the same way) and then fail to read them.
_SIGNER = signing.Signer(salt=f"{DELETE_SALT}.moment")


def _written(comment: Comment) -> int:
    return round(comment.created_at.timestamp() * 1_000_000)


def comment_for_token(token: str) -> Comment | None:
    issued = None
    try:
        value = _SIGNER.unsign_object(token)
    except signing.BadSignature:
        try:  # a link given before 2026-12-03: time-stamped, the comment's number alone
            value = signing.loads(token, salt=DELETE_SALT)
            issued = signing.b62_decode(token.rsplit(":", 2)[1])
        except (signing.BadSignature, ValueError, IndexError):
            return None
    match value:
        case int(pk):
            written = None
        case [int(pk), int(written)]:
            pass
        case _:
            return None
    comment = Comment.objects.filter(pk=pk).select_related("statement").first()
    if comment is None or (written is not None and _written(comment) != written):
        return None
    if issued is not None and not _issued_for(comment, issued):
        return None
    return comment


def _issued_for(comment: Comment, issued: int) -> bool:
    """An old link names only a number, which a restored site may have given to a comment
    written after the link: it counts only if it was issued when this comment was saved
    (the "posted" page, or Save pressed again shortly after)."""
    saved = comment.created_at.timestamp()
    return saved - 60 <= issued <= saved + 86400
