"""Comments alike (sokhan.antispam.likeness): their prints, kept as each comment is saved
(and, apart, those of the comments moderators marked as spam); a new comment like one
marked as spam, kept as spam; and the moderators' list of the comments like one.

A flood's copies differ a little, so the duplicate rule (the same words on the same
statement) lets them through, and marking three hundred of them one by one is what a
flood costs moderators. Here a mark teaches: the next copy goes to spam without anyone,
and "Comments like this" lists the copies already waiting, for one action.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import QuerySet

from sokhan.antispam import likeness
from sokhan.comments.models import Comment, Print, Reason, SpamPrint, Status

# The comments marked as spam that a new one is compared with, of those sharing a print
# with it. Taken as the database finds them, not by how many prints they share: once a
# flood is marked, thousands share all eight, and counting them on every post cost more
# than comparing a few (a copy is almost always the first one found).
CANDIDATES = 20
# How alike "Comments like this" lists comments when the site keeps none as spam for it.
DEFAULT_PERCENT = 60


def percent() -> int:
    """How alike two comments must be to count as alike here."""
    return settings.SOKHAN_SPAM_LIKENESS or DEFAULT_PERCENT


@functools.lru_cache(maxsize=4)
def measured(text: str) -> tuple[frozenset[str], tuple[int, ...]]:
    """A text's shingles and prints. Kept for the last few texts: a post is compared
    (like_spam), then stored with its prints (keep_prints), and each took 0.3 ms."""
    found = likeness.shingles(text)
    return found, likeness.prints_of(found)


def keep_prints(comment: Comment, *, created: bool = False) -> None:
    """Write (or write again) the prints of a comment's words; and, if it teaches (it was
    marked as spam), those it is compared by: an edit, a Revert or its author's deletion
    leave none of the words it had."""
    taught_before = False
    if not created:
        Print.objects.filter(comment=comment).delete()
        taught_before = SpamPrint.objects.filter(comment=comment).delete()[0] > 0
    keys = measured(comment.body)[1]
    if keys:
        with connection.cursor() as cursor:
            cursor.execute(_INSERT_PRINTS, [n for key in keys for n in (comment.pk, key)])
    if taught_before and teaches(comment.status, comment.removal_reason):
        taught([comment.pk], spam=True)


# Written out, as posting.py's thread update: on every post, the ORM's bulk_create of 8
# rows took longer than everything else this module adds to it.
_INSERT_PRINTS = (f"INSERT INTO {Print._meta.db_table} (comment_id, key) VALUES "  # noqa: S608
                  + ", ".join(["(%s, %s)"] * likeness.BANDS))


def teaches(status: str, reason: str) -> bool:
    """Whether a comment in this state is one new comments are compared with: marked as
    spam, or removed as spam (Remove… with the reason Spam), by a moderator."""
    return status == Status.SPAM or (status == Status.REMOVED and reason == Reason.SPAM)


def taught(pks: list[int], *, spam: bool) -> None:
    """Comments marked (or removed) as spam by a moderator (``spam``), or moved from it:
    their prints join those new comments are compared with, or leave them. At most a few
    hundred ``pks`` at a time (moderation._apply's batches)."""
    SpamPrint.objects.filter(comment_id__in=pks).delete()
    if spam and pks:
        # Copied in the database: a flood of 20,000 is 160,000 prints.
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {SpamPrint._meta.db_table} (comment_id, key)"  # noqa: S608
                f" SELECT comment_id, key FROM {Print._meta.db_table}"
                f" WHERE comment_id IN ({', '.join(['%s'] * len(pks))})", pks)


# Written out too: building it with the ORM took five times as long as running it.
_CANDIDATES = (f"SELECT DISTINCT p.comment_id FROM {SpamPrint._meta.db_table} p"  # noqa: S608
               f" JOIN {Comment._meta.db_table} c ON c.id = p.comment_id"
               f" WHERE p.key IN ({', '.join(['%s'] * likeness.BANDS)})"
               " AND (c.status = %s OR (c.status = %s AND c.removal_reason = %s))"
               " LIMIT %s")


def like_spam(text: str) -> int | None:
    """The number of a comment marked (or removed) as spam that ``text`` is like, or None
    (also when the site keeps nothing as spam for likeness)."""
    if not settings.SOKHAN_SPAM_LIKENESS:
        return None
    found, keys = measured(text)
    if not keys:
        return None
    with connection.cursor() as cursor:
        cursor.execute(_CANDIDATES, [*keys, Status.SPAM.value, Status.REMOVED.value,
                                     Reason.SPAM.value, CANDIDATES])
        candidates = [pk for (pk,) in cursor.fetchall()]
    if not candidates:
        return None
    rows = Comment.objects.filter(pk__in=candidates).order_by("-pk").values_list("pk", "body")
    judged = _Judge(found, settings.SOKHAN_SPAM_LIKENESS)
    return next((pk for pk, body in rows if judged(body)), None)


def like(comment_pk: int) -> list[int]:
    """The comments as alike as `percent` to comment ``comment_pk``, itself first (alone
    if it is too short to have prints); an empty list if it is gone.

    Those sharing a print with it are found first. A copy as alike as the threshold
    shares none with it about one time in seven (the prints are a sample), but shares
    some with the copies found: so the search goes on from the prints of the copies just
    found, `ROUNDS` times in all, each comment still measured against this one."""
    text = Comment.objects.filter(pk=comment_pk).values_list("body", flat=True).first()
    if text is None:
        return []
    found, keys = measured(text)
    result, seen, judged = [comment_pk], {comment_pk}, _Judge(found, percent())
    fresh = set(keys)  # prints not yet looked up
    asked = set(fresh)  # every print looked up
    for round_ in range(1, ROUNDS + 1):
        sharing = set(_chunked(lambda part: Print.objects.filter(key__in=part).values_list(
            "comment_id", flat=True).distinct(), fresh)) - seen
        seen |= sharing
        alike = [pk for pk, body in _chunked(lambda part: Comment.objects.filter(
            pk__in=part).values_list("pk", "body"), sorted(sharing)) if judged(body)]
        result += alike
        if round_ == ROUNDS:
            break
        fresh = set(_chunked(lambda part: Print.objects.filter(comment_id__in=part)
                             .values_list("key", flat=True), alike)) - asked
        asked |= fresh
        if not fresh:
            break
    return result


def listed(found: list[int], among: QuerySet[Comment]) -> list[int]:
    """Of the comments ``found`` (`like`), those in ``among`` (a list's other filters: its
    status), at most `LISTED`, in their order. The cap comes after the filters: before
    them, the same first ten thousand, already marked as spam, came back each time the
    pending list was opened again, and the copies past them never did."""
    chosen = set(_chunked(lambda part: among.filter(pk__in=part).values_list(
        "pk", flat=True), found))
    return [pk for pk in found if pk in chosen][:LISTED]


# How many rounds "Comments like this" searches; how many comments it lists at most: a
# list is one SQL IN (...) of their numbers, and SQLite takes at most 32,766 of them.
ROUNDS = 3
LISTED = 10_000
_CHUNK = 500


def _chunked(query: Callable[[list[Any]], Iterable[Any]], values: Iterable[Any]) -> Iterator[Any]:
    """What ``query`` finds for ``values``, asked `_CHUNK` at a time (an IN list each)."""
    values = list(values)
    for start in range(0, len(values), _CHUNK):
        yield from query(values[start:start + _CHUNK])


class _Judge:
    """Whether texts are at least ``least`` per cent like ``found``. Words met before (a
    flood's exact copies, on other statements) are not taken apart again: 2,000 copies of
    10,000 characters took 10 seconds."""

    def __init__(self, found: frozenset[str], least: int) -> None:
        self.found, self.least = found, least
        self.judged: dict[int, bool] = {}

    def __call__(self, body: str) -> bool:
        key = hash(body)  # within this judge's life only
        if key not in self.judged:
            self.judged[key] = likeness.likeness(
                self.found, likeness.shingles(body)) * 100 >= self.least
        return self.judged[key]
