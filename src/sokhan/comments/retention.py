"""What Sokhan keeps only for a while, and the work that forgets it on time.

Comments that waited for moderation (or were marked as spam) too long, blocks that have
ended, e-mail addresses, the words of comments a moderator removed, and the keys that
hashed addresses (comments/keys.py): each server process does it hourly
(``housekeeping``, comments/housekeeper.py), and `sokhan purge` at once (``run``). The
periods are the operator's: SOKHAN_PENDING_RETENTION_DAYS, SOKHAN_EMAIL_RETENTION_DAYS,
SOKHAN_REMOVED_RETENTION_DAYS, SOKHAN_ADDRESS_KEY_DAYS (docs/security.md).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from sokhan.antispam.models import Rejection
from sokhan.comments import keys
from sokhan.comments.models import (
    KEPT_ACTIONS,
    Block,
    Comment,
    ModerationAction,
    Print,
    Reason,
    Status,
)
from sokhan.comments.moderation import BATCH, batches, forget_history, history_gone


@dataclass(frozen=True)
class Retained:
    """What one run forgot: how many of each."""

    comments: int  # deleted: waited for moderation, or marked as spam, too long
    keys: int  # address keys no block needs
    emails: int  # comments that lost their e-mail address
    words: int  # removed comments that lost their words


def run(now: datetime | None = None, *, most: int | None = None) -> Retained:
    """Every step once. ``most``: at most so many e-mail addresses and removed comments'
    words in this run (a commenter's request runs it hourly; the rest at the next), and
    ten times as many address hashes."""
    return Retained(
        comments=purge_stale_pending(now),
        keys=keys.forget_old_keys(now, most_hashes=None if most is None
                                  else 10 * keys.HASHES_PER_WRITE),
        emails=forget_old_emails(now, most=most),
        words=forget_removed_words(now, most=most))


def purge_stale_pending(now: datetime | None = None) -> int:
    """Delete comments that waited for moderation, or were marked as spam, longer than the
    retention period (0: kept), and blocks that have ended. Their History goes with them,
    in batches (``forget_history``; ``forget_versions`` stands aside meanwhile)."""
    now = now or timezone.now()
    Block.objects.ended(now).delete()
    days = settings.SOKHAN_PENDING_RETENTION_DAYS
    if days <= 0:  # 0 keeps them: it must not mean "delete the whole queue now"
        return 0
    # Counted from the last change, not from writing: a published comment marked as spam
    # (or unpublished) today is not deleted at the next hourly run. And never one that has
    # replies: deleting it would take other people's published replies with it.
    stale = Comment.objects.filter(
        status__in=(Status.PENDING, Status.SPAM), updated_at__lt=now - timedelta(days=days),
        replies__isnull=True)
    with transaction.atomic():
        # Locked as they are chosen: on PostgreSQL, a comment a moderator approves at that
        # moment is chosen again once approved, and left out; chosen first and deleted by
        # number after, it was deleted published. (SQLite writes one at a time anyway.)
        ids = list(stale.select_for_update(of=("self",)).values_list("pk", flat=True))
        # Their History in a query per 500, not one per comment (a flood's thousands are
        # purged within some commenter's request).
        forget_history(ids)
        # Sokhan's own log rows on them go too: a flood kept by itself left one a copy,
        # naming nothing once the copy was gone (a moderator's action stays, as ever).
        for batch in batches(ids):
            ModerationAction.objects.filter(comment_id__in=batch, action__in=KEPT_ACTIONS).delete()
        with history_gone():
            deleted = sum(Comment.objects.filter(pk__in=batch).delete()[1].get(
                Comment._meta.label, 0) for batch in batches(ids))
    return deleted


# At most so many addresses blanked by one hourly run (the rest at the next: an upgraded
# site's first hours), and so many removed comments' words; `sokhan purge` does all.
EMAILS_PER_REQUEST = 2000


def forget_old_emails(now: datetime | None = None, *, most: int | None = None) -> int:
    """Blank the e-mail addresses of comments written longer than
    SOKHAN_EMAIL_RETENTION_DAYS ago (0: kept); how many. A server seized, or a backup
    lost, then names only the last few weeks' commenters who gave one. ``most``: at most
    so many in this call (a commenter's request runs it); the rest at the next."""
    days = settings.SOKHAN_EMAIL_RETENTION_DAYS
    if days <= 0:
        return 0
    old = Comment.objects.filter(created_at__lt=(now or timezone.now()) - timedelta(days=days),
                                 email__gt="").order_by("pk")
    blanked, last = 0, 0
    while most is None or blanked < most:
        # By number, from where the last batch ended: ordered by date (the model's order),
        # each batch sorted and walked again what the ones before had blanked.
        ids = list(old.filter(pk__gt=last).values_list("pk", flat=True)[
            :BATCH if most is None else min(BATCH, most - blanked)])
        if not ids:
            break
        blanked += Comment.objects.filter(pk__in=ids).update(email="")
        last = ids[-1]
    return blanked


def forget_removed_words(now: datetime | None = None, *, most: int | None = None) -> int:
    """Blank what the author wrote of each comment a moderator removed longer than
    SOKHAN_REMOVED_RETENTION_DAYS ago (0: kept), and its saved states in the History; how
    many. Comments are removed for naming people, for threats, for what is unlawful: the
    words were kept for good, for a seized server or a lost backup to show. What stays is
    the comment's place among its replies, its reason and its marker. Not the comments
    removed as spam: new comments are compared with their words (alike.py)."""
    days = settings.SOKHAN_REMOVED_RETENTION_DAYS
    if days <= 0:
        return 0
    old = Comment.objects.filter(
        Q(body__gt="") | Q(name__gt="") | Q(subject__gt="") | Q(homepage__gt=""),
        status=Status.REMOVED, updated_at__lt=(now or timezone.now()) - timedelta(days=days),
    ).exclude(removal_reason=Reason.SPAM).order_by("pk")
    blanked = 0
    while most is None or blanked < most:
        with transaction.atomic():
            # Locked as they are chosen, as purge_stale_pending does: a comment a moderator
            # publishes again at that moment is chosen again once published, and left out.
            ids = list(old.select_for_update(of=("self",)).values_list("pk", flat=True)[
                :BATCH if most is None else min(BATCH, most - blanked)])
            if not ids:
                break
            # (An update, not a save: the time it was removed stays its last change.)
            blanked += Comment.objects.filter(pk__in=ids).update(
                name="", homepage="", subject="", body="", body_html="", search_key="",
                fingerprint="")
            Print.objects.filter(comment_id__in=ids).delete()
            forget_history(ids)
    return blanked


_last_housekeeping: float | None = None  # time.monotonic() of the last run in this process


def housekeeping(now: datetime | None = None, *, force: bool = False) -> None:
    """``run``, at most hourly per process, piggy-backed on comment posts (and a timer) so
    that no operator has to remember a cron job (`sokhan purge` does the same on demand)."""
    global _last_housekeeping
    # None, not 0: monotonic() counts from the machine's start, so a server started within
    # an hour of it never ran the work until an hour after booting.
    if (not force and _last_housekeeping is not None
            and time.monotonic() - _last_housekeeping < 3600):
        return
    _last_housekeeping = time.monotonic()
    run(now, most=EMAILS_PER_REQUEST)
    # Not retention, but hourly too: the refusals counted in the cache reach the dashboard's
    # table whether or not a moderator looks (antispam/tally.py).
    Rejection.settle()
