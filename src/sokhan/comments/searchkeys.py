"""The moderators' search keys of every comment, written again (`sokhan reindex`).

Each save keys a comment (comments.apps._keyed). Rows changed past the ORM, or keys made
before a change to persian/normalise.py, are put right here, 2,000 comments a batch, each
batch one prepared UPDATE run per row.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import connection, transaction

from sokhan.comments.models import Comment, search_key_of

BATCH = 2_000


def rekey(on_progress: Callable[[int], object] = lambda _n: None) -> int:
    """Key every comment again; the number keyed."""
    keyed, last = 0, 0
    table = Comment._meta.db_table
    while True:
        rows = list(Comment.objects.filter(pk__gt=last).order_by("pk").values_list(
            "pk", "name", "subject", "body")[:BATCH])
        if not rows:
            return keyed
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(
                f"UPDATE {table} SET search_key = %s WHERE id = %s",  # noqa: S608 - our table
                [(search_key_of(name, subject, body), pk) for pk, name, subject, body in rows])
        keyed += len(rows)
        last = rows[-1][0]
        on_progress(len(rows))
