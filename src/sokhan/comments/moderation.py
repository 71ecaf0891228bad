"""What moderators (and authors) do to comments; every action is logged with a reason."""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterable, Iterator
from datetime import datetime, timedelta
from typing import NamedTuple

import reversion
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Value
from django.db.models.functions import Concat
from django.utils import timezone
from reversion.models import Version

from sokhan import textformat
from sokhan.comments import alike, posting
from sokhan.comments.cascade import goes_with_its_statement
from sokhan.comments.models import (
    Action,
    Block,
    Comment,
    ModerationAction,
    Reason,
    Status,
    email_key,
)
from sokhan.pagecache import invalidation
from sokhan.publishing.models import Statement
from sokhan.website.historyentry import event
from sokhan.website.models import CommentMode

User = AbstractBaseUser | AnonymousUser | None


def _acting(user: User) -> AbstractBaseUser | None:
    """The moderator to log: nobody for an author's own deletion or a command."""
    return user if user is not None and user.is_authenticated else None  # type: ignore[return-value]


def _log(comment: Comment | None, action: str, user: User, reason: str = "",
         **details: object) -> None:
    ModerationAction.objects.create(comment=comment, moderator=_acting(user), action=action,
                                    reason=reason, **details)


# Rows per UPDATE, INSERT or DELETE of a moderator's action: well under SQLite's limit
# of 32,766 values in one statement, however large the flood selected.
BATCH = 500


def batches(items: list[int], size: int = BATCH) -> Iterable[list[int]]:
    return (items[start:start + size] for start in range(0, len(items), size))


def _apply(comments: Iterable[Comment], status: str, action: str, user: User,
           reason: str = "", *, marker: bool = False) -> int:
    """Move ``comments`` to ``status`` and log it, in a few statements per 500 comments:
    one save and one log row per comment held SQLite's write lock for 20 s over a flood of
    20,000, and every commenter's Save waited for it."""
    now = timezone.now()
    removing = status == Status.REMOVED
    with transaction.atomic():
        # Its author deleted it: nothing is left to publish or move.
        rows = [c for c in comments if c.removal_reason != Reason.AUTHOR_REQUEST]
        seen = []  # what readers saw before, or see now: their pages change
        for comment in rows:
            # A marker stands where readers saw a comment: not for one they never saw.
            was_shown = comment.status == Status.PUBLISHED or comment.show_marker
            comment.status, comment.updated_at = status, now
            comment.removal_reason = reason if removing else ""
            comment.show_marker = marker and removing and was_shown
            if removing:
                comment.email = ""  # e-mail addresses go with the comment
            if was_shown or comment.status == Status.PUBLISHED or comment.show_marker:
                seen.append(comment)
        invalidation.comments_moderated(seen)  # counts their pages before they change
        changes = {"status": status, "removal_reason": reason if removing else "",
                   "updated_at": now, **({"email": ""} if removing else {})}
        for show_marker in (False, True):
            for batch in batches([c.pk for c in rows if c.show_marker is show_marker]):
                Comment.objects.filter(pk__in=batch).update(show_marker=show_marker, **changes)
        if removing:
            forget_history([c.pk for c in rows])
        for batch in batches([c.pk for c in rows]):
            alike.taught(batch, spam=alike.teaches(status, reason if removing else ""))
        moderator = _acting(user)
        ModerationAction.objects.bulk_create(
            (ModerationAction(comment=c, moderator=moderator, action=action, reason=reason)
             for c in rows), batch_size=BATCH)
        if reversion.is_active():  # the admin's History: each comment's new state
            for comment in rows:
                reversion.add_to_revision(comment)
    return len(rows)


def forget_history(pks: list[int]) -> None:
    """What the admin keeps of comments besides their rows, when their words or e-mail
    addresses go: the saved states in its History (the History page showed them, and
    "Revert" brought them back), and their names in its log ("Recent actions" names an
    edited comment by its subject, made from its first words)."""
    kind = ContentType.objects.get_for_model(Comment)
    for batch in batches([str(pk) for pk in pks]):
        Version.objects.filter(content_type=kind, object_id__in=batch).delete()
        LogEntry.objects.filter(content_type=kind, object_id__in=batch).update(
            object_repr=Concat(Value("#"), "object_id"))


def approve(comments: Iterable[Comment], user: User) -> int:
    return _apply(comments, Status.PUBLISHED, Action.APPROVE, user, Reason.APPROVED)


def unpublish(comments: Iterable[Comment], user: User, reason: str = "") -> int:
    # No reason unless one is given: the log said "Other" for every unpublishing.
    return _apply(comments, Status.PENDING, Action.UNPUBLISH, user, reason)


def mark_spam(comments: Iterable[Comment], user: User) -> int:
    return _apply(comments, Status.SPAM, Action.SPAM, user, Reason.SPAM)


def remove(comments: Iterable[Comment], user: User, reason: str, *, marker: bool) -> int:
    return _apply(comments, Status.REMOVED, Action.REMOVE, user, reason, marker=marker)


def edited(comment: Comment, user: User) -> None:
    """After a moderator changed the text: render it again and log the edit."""
    comment.body_html = textformat.render(comment.body)
    # Of the words kept: the old one would confirm a guess at the words cut out.
    comment.fingerprint = posting.fingerprint(comment.body)
    comment.save(update_fields=["body_html", "fingerprint"])
    _log(comment, Action.EDIT, user, Reason.EDITED)


class Blocked(NamedTuple):
    """What a block action did: blocks made, and blocks in force already (each now ends at
    the later of its end and the new one's)."""

    made: int
    renewed: int


def block(comments: Iterable[Comment], user: User, *, days: int, addresses: bool,
          emails: bool, reason: str) -> Blocked:
    """Refuse further comments from these comments' address hashes and/or e-mails."""
    now = timezone.now()
    until = now + timedelta(days=days)
    moderator = _acting(user)
    with transaction.atomic():
        # Each block once, whatever the number of its comments (a flood's thousands come
        # from a few addresses), naming the last of them; each comment logged once.
        wanted: dict[tuple[str, str, int | None], Comment] = {}
        logged: list[tuple[Comment, str]] = []
        for comment in comments:
            mine = []
            if addresses and comment.address_hash:
                mine.append((Block.Kind.ADDRESS, comment.address_hash, comment.address_period))
            if emails and comment.email:
                mine.append((Block.Kind.EMAIL, email_key(comment.email), None))
            wanted.update(dict.fromkeys(mine, comment))
            if mine:  # logged only when something of its author's was blocked
                logged.append((comment, " ".join(kind for kind, _value, _period in mine)))
        renewed = 0
        for (kind, value, period), comment in wanted.items():
            # A block already in force for longer keeps its end: blocking a flood's
            # comments for a day must not cut short last week's block of a month. (A
            # block's own page in the admin shortens one on purpose.)
            held = list(Block.objects.select_for_update().filter(
                kind=kind, value=value, period=period).values_list("until", flat=True))
            Block.objects.update_or_create(
                kind=kind, value=value, period=period,
                defaults={"until": max([until, *held]), "reason": reason,
                          "comment": comment, "created_by": moderator})
            # In force, that is: one lifted or ended (kept until the hourly clean-up) is
            # made again, not "in force already".
            renewed += any(end > now for end in held)
        ModerationAction.objects.bulk_create(
            (ModerationAction(comment=c, moderator=moderator, action=Action.BLOCK,
                              reason=reason, blocked=kinds, until=until)
             for c, kinds in logged), batch_size=BATCH)
    # Blocks, not comments: fifty comments from one address are one.
    return Blocked(made=len(wanted) - renewed, renewed=renewed)


def close_statements(comments: Iterable[Comment], user: User,
                     chosen: Iterable[int] | None = None) -> int:
    """Close comments on the statements of ``comments`` (those ``chosen`` among them, when
    given): the comments already there stay shown, no new ones are taken. The quickest
    answer to a flood aimed at one statement, which moderators could not give, a
    statement's page being the editors'. Logged with the statement; editors open comments
    again on the statement's page."""
    moderator = _acting(user)
    first: dict[int, Comment] = {}
    for comment in comments:
        first.setdefault(comment.statement_id, comment)
    wanted = set(first) if chosen is None else set(first) & set(chosen)
    with transaction.atomic():
        closed = list(Statement.objects.select_for_update().filter(
            pk__in=wanted, comment_mode=CommentMode.OPEN))
        if closed and reversion.is_active():  # the statements' History says who and why
            reversion.set_comment(event("comments_closed"))
        for statement in closed:
            statement.comment_mode = CommentMode.CLOSED
            statement.save(update_fields=["comment_mode"])
        ModerationAction.objects.bulk_create(
            ModerationAction(comment=first[statement.pk], statement=statement,
                             moderator=moderator, action=Action.CLOSE)
            for statement in closed)
    return len(closed)


def _held(block: Block) -> Comment | None:
    """The latest comment of the author ``block`` holds back, by whom the log names the
    block (its value, an address hash or an e-mail address's key, is not kept in the
    log). For an e-mail block that is its own comment: the one it was made from, or the
    latest it kept as spam since (guards.held_back)."""
    if block.kind != Block.Kind.ADDRESS:
        return block.comment
    held = Comment.objects.filter(address_hash=block.value).order_by("-created_at",
                                                                     "-pk").first()
    return held or block.comment


def lifted(block: Block, user: User) -> None:
    """Log that ``block`` was lifted (deleted, or its end moved to now or before), next to
    the comment it was made for, as blocking was logged."""
    _log(_held(block), Action.UNBLOCK, user, block.reason, blocked=block.kind)


def block_changed(block: Block, user: User, *, until: datetime, reason: str) -> None:
    """Log a block's new end or reason, as a moderator set them on its page, beside what
    they were (``until``, ``reason``): made longer or shorter, a block said nothing in the
    log until it was lifted."""
    _log(_held(block), Action.BLOCK_CHANGE, user, block.reason, blocked=block.kind,
         until=block.until, previous_until=until, previous_reason=reason)


def words_changed(user: User, action: str, phrases: Iterable[tuple[str, str]]) -> None:
    """Log disallowed words added, changed or removed: ``(phrase, previous_phrase)`` pairs
    (the previous one only for a change). The list refuses comments before anyone sees
    them, so who put a word on it, or took one off, is the moderators' business too."""
    moderator = _acting(user)
    ModerationAction.objects.bulk_create(
        (ModerationAction(moderator=moderator, action=action, phrase=phrase,
                          previous_phrase=previous) for phrase, previous in phrases),
        batch_size=BATCH)


def flood_switched(on: bool, user: User) -> None:
    _log(None, Action.FLOOD_ON if on else Action.FLOOD_OFF, user)


def delete_by_author(comment: Comment) -> None:
    """The author used their private link: nothing of what they wrote is kept."""
    with transaction.atomic():
        comment.status = Status.REMOVED
        comment.removal_reason = Reason.AUTHOR_REQUEST
        comment.show_marker = False
        comment.name = comment.email = comment.homepage = comment.subject = ""
        comment.body = comment.body_html = ""
        # The hash of the words goes too: the same words may be posted again. And the
        # address's: nothing is left to tie to whoever sent it.
        comment.fingerprint = comment.address_hash = ""
        comment.address_period = None
        comment.save()
        forget_history([comment.pk])
        _log(comment, Action.AUTHOR_DELETE, None, Reason.AUTHOR_REQUEST)


# Set while comments whose History was deleted in bulk are deleted.
_history_gone: contextvars.ContextVar[bool] = contextvars.ContextVar("history_gone",
                                                                     default=False)


@contextlib.contextmanager
def history_gone() -> Iterator[None]:
    """While comments whose History ``forget_history`` deleted in bulk are deleted:
    ``forget_versions`` then asks nothing per comment."""
    token = _history_gone.set(True)
    try:
        yield
    finally:
        _history_gone.reset(token)


def forget_versions(sender: type[Comment], instance: Comment, origin: object = None,
                    **_: object) -> None:
    """post_delete: a comment deleted (purged, or by a moderator's "Delete") takes its
    saved states in the admin's History with it; they hold its words and e-mail address.
    (Those of a statement's comments go with the statement, in one query: cascade.py.)"""
    if not _history_gone.get() and not goes_with_its_statement(origin):
        forget_history([instance.pk])
