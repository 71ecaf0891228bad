"""The same words saved by several requests at the same moment, in real threads with their
own database connections: one comment, the others refused as duplicates."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from sokhan.comments import posting
from sokhan.comments.models import Comment

pytestmark = pytest.mark.django_db(transaction=True)
WRITERS = 6


def test_the_same_words_saved_at_once_by_many_are_kept_once(make_statement):
    statement = make_statement()
    start, outcomes = threading.Barrier(WRITERS), []

    def write(n: int) -> None:
        try:
            start.wait()
            posting.save(statement, {"comment": "All at once."}, None, f"hash-{n}", 1)
            outcomes.append("saved")
        except posting.Duplicate:
            outcomes.append("duplicate")
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["duplicate"] * (WRITERS - 1) + ["saved"]
    assert Comment.objects.filter(body="All at once.").count() == 1
