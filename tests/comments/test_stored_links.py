"""Comments stored before a change to how links are written get the change too."""

from __future__ import annotations

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db(transaction=True)


def test_links_in_comments_saved_before_noreferrer_get_it(make_statement):
    from sokhan.comments import posting
    from sokhan.comments.models import Comment

    old = posting.save(make_statement(), {"comment": "See www.example.org and "
                                          '<a rel="nofollow ugc noopener">'}, None, "hash", 1)
    call_command("migrate", "comments", "0003", verbosity=0)
    stored = Comment.objects.get(pk=old.pk).body_html.replace("noreferrer", "noopener")
    Comment.objects.filter(pk=old.pk).update(body_html=stored)  # as it was saved back then
    call_command("migrate", verbosity=0)
    html = Comment.objects.get(pk=old.pk).body_html
    assert 'href="http://www.example.org" rel="nofollow ugc noreferrer"' in html
    # What the commenter typed is escaped text, and stays exactly as typed.
    assert "&lt;a rel=&quot;nofollow ugc noopener&quot;&gt;" in html
