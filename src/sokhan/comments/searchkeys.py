"""The moderators' search keys and the prints (comments/alike.py) of every comment,
written again when they would differ.

Each save keys and prints a comment (comments.apps). Rows changed past the ORM are put right
by `sokhan reindex`; keys made before a change to persian/normalise.py are put right by
the next migrate (`sokhan setup`, `sokhan serve`), which compares the normaliser's
behaviour with the one the keys were made with (``fingerprint``): a developer who changes
the normaliser (or how prints are made) has nothing to remember, and a moderator's search
keeps finding every comment. 2,000 comments a batch, each batch one prepared UPDATE run
per row and its prints written again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import cache
from itertools import chain, product
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.db.models import Exists, OuterRef, Q

from sokhan.antispam import likeness
from sokhan.comments import alike
from sokhan.comments.models import (
    Action,
    Comment,
    KeysMade,
    ModerationAction,
    Print,
    Reason,
    SpamPrint,
    Status,
    search_key_of,
)

BATCH = 2_000
# What the normaliser is asked, to tell whether it still answers as it did: every
# character of the scripts and marks it treats (Latin, Arabic and its presentation forms,
# spaces, joiners, direction marks, variation selectors) alone, and every pair of Arabic
# letters and marks, for the rules that look at a neighbour (a hamza's seat before waw).
_RANGES = ((0x0000, 0x024F), (0x0600, 0x06FF), (0x0750, 0x077F), (0x08A0, 0x08FF),
           (0x2000, 0x206F), (0xFB50, 0xFDFF), (0xFE00, 0xFE0F), (0xFE70, 0xFEFF))
_ARABIC = [chr(c) for c in range(0x0600, 0x0700)]


@cache
def _probe() -> list[str]:
    alone = (chr(c) for low, high in _RANGES for c in range(low, high + 1))
    pairs = ("".join(pair) for pair in product(_ARABIC, repeat=2))
    return list(chain(alone, pairs))


@cache
def fingerprint() -> str:
    """A hash of what the normaliser makes of the probe, and of how prints are made: it
    changes when the keys or the prints would. Made once a process (a third of a second):
    every migrate asks for it, and code does not change under a running process."""
    digest = hashlib.sha256(likeness.MADE.encode())
    for text in _probe():
        digest.update(search_key_of(text).encode("utf-8", "surrogatepass") + b"\0")
    return digest.hexdigest()


# Spam that a moderator marked, or removed as spam (its prints teach: alike.py); not spam
# kept for an e-mail block or for being like spam.
_MARKED_AS_SPAM = (Exists(ModerationAction.objects.filter(comment=OuterRef("pk"),
                                                          action=Action.SPAM))
                   & Q(status=Status.SPAM)) | Q(status=Status.REMOVED, removal_reason=Reason.SPAM)


def rekey(on_progress: Callable[[int], object] = lambda _n: None) -> int:
    """Key every comment again; the number keyed."""
    keyed, last = 0, 0
    table = Comment._meta.db_table
    while True:
        rows = list(Comment.objects.filter(pk__gt=last).order_by("pk").annotate(
            marked=_MARKED_AS_SPAM).values_list("pk", "name", "subject", "body", "marked")[
            :BATCH])
        if not rows:
            KeysMade.objects.all().delete()
            KeysMade.objects.create(fingerprint=fingerprint())
            return keyed
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(
                f"UPDATE {table} SET search_key = %s WHERE id = %s",  # noqa: S608 - our table
                [(search_key_of(name, subject, body), pk) for pk, name, subject, body, _m in rows])
            Print.objects.filter(comment_id__in=[row[0] for row in rows]).delete()
            Print.objects.bulk_create(Print(comment_id=pk, key=key)
                                      for pk, _name, _subject, body, _marked in rows
                                      for key in likeness.prints(body))
            for marked in (False, True):
                alike.taught([row[0] for row in rows if row[-1] is marked], spam=marked)
        keyed += len(rows)
        last = rows[-1][0]
        on_progress(len(rows))


def rekey_if_the_normaliser_changed(using: str = DEFAULT_DB_ALIAS, verbosity: int = 1,
                                    stdout: Any = None, **_: Any) -> None:
    """After every migrate (post_migrate): comments keyed by another normaliser than
    today's (or by one nobody wrote down) are keyed again, once; a site without comments
    only writes the fingerprint down."""
    if using != DEFAULT_DB_ALIAS:
        return
    tables = connections[using].introspection.table_names()
    if not {KeysMade._meta.db_table, Print._meta.db_table,
            SpamPrint._meta.db_table} <= set(tables):
        return  # a migrate back past comments 0019
    if KeysMade.objects.filter(fingerprint=fingerprint()).exists():
        return
    if verbosity and stdout is not None and Comment.objects.exists():
        stdout.write("Keying the comments again for the moderators' search and comments "
                     "alike…\n")
    rekey()
