"""`sokhan populate`: a large archive for measuring, consistent with what posting makes."""

from __future__ import annotations

import pytest

from sokhan.comments.models import Comment
from sokhan.pagecache import counters
from sokhan.pagecache.generations import SITE, FileGenerations
from sokhan.publishing.models import Statement
from sokhan.publishing.population import populate

pytestmark = pytest.mark.django_db(transaction=True)


def test_statements_and_threaded_comments_that_the_pages_show(client, tmp_path, monkeypatch):
    generations = FileGenerations(tmp_path / "generations")
    monkeypatch.setattr(counters, "generations", lambda: generations)
    assert populate(20, 200) == (20, 200)
    assert Statement.objects.count() == 20 and Comment.objects.count() == 200
    # Every comment is in a thread whose root is a top-level comment of the same statement.
    for comment in Comment.objects.select_related("thread"):
        assert comment.thread.parent_id is None
        assert comment.thread.statement_id == comment.statement_id
        assert (comment.parent_id is None) == (comment.depth == 1)
    statement = Statement.objects.filter(language="en").first()
    page = client.get(statement.get_absolute_url())
    assert page.status_code == 200 and b"Reader" in page.content
    # Printed as a post is (comments/alike.py): "Comments like this" works on it.
    from sokhan.antispam.likeness import prints
    from sokhan.comments.models import Print
    for comment in Comment.objects.all()[:20]:
        assert set(Print.objects.filter(comment=comment).values_list("key", flat=True)) == set(
            prints(comment.body))
    # Bulk inserts send no signals: running servers are told to drop their pages anyway.
    before = generations.read((SITE,))[0]
    populate(5, 50)
    assert generations.read((SITE,))[0] == before + 1
    assert Statement.objects.count() == 25 and Comment.objects.count() == 250


def test_rows_added_afterwards_get_ids_of_their_own(make_statement, tmp_path, monkeypatch):
    # Rows written with their ids left PostgreSQL's sequences behind: every later comment
    # and statement collided with one of them (and comment posts answered 503 for good).
    monkeypatch.setattr(counters, "generations", lambda: FileGenerations(tmp_path / "g"))
    populate(3, 10)
    statement = make_statement("Written after")
    comment = Comment.objects.create(statement=statement, name="A reader", body="Hello",
                                     body_html="<p>Hello</p>")
    assert statement.pk > 3 and comment.pk > 10
