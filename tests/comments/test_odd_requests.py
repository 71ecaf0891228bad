"""Requests the fuzzer (tests/test_fuzz.py) found answering 500, each with its proper answer."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from sokhan.comments.models import Comment

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("origin", ["http://[::1", "https://[zz]/", "http://[::1]:99999999"])
def test_an_origin_header_that_is_no_address_is_refused_as_another_sites_not_500(
        client, statement, origin):
    response = client.post(statement.get_absolute_url() + "comments/",
                           {"comment": "Solidarity.", "save": "1"}, headers={"origin": origin})
    assert response.status_code == 403
    page = BeautifulSoup(response.content, "html.parser")
    assert "sent from another site" in page.get_text()
    # What to do now: the page has the text and the statement's link, not the form.
    assert "open the statement on this site" in page.get_text()
    assert page.find("a", href=statement.get_absolute_url())
    assert "Solidarity." in page.get_text()  # what was typed is kept
    assert not Comment.objects.exists()


@pytest.mark.parametrize("text", ["Hello\x01 world", "\x1b[31mred\x1b[0m alert", "\x7f\x85x",
                                  "a\u202eb reversed"])
def test_a_comment_with_control_characters_leaves_the_comment_feeds_readable(
        client, settings, post, statement, text):
    settings.SOKHAN_COMMENTS_PREMODERATED = False  # shown, and in the feeds, at once
    assert post(comment=text).status_code == 200
    comment = Comment.objects.get()
    assert comment.subject and not any(ord(c) < 32 or 0x7f <= ord(c) <= 0x9f
                                       or c == "\u202e" for c in comment.subject)
    for feed in (statement.get_absolute_url() + "comments/feed/", "/en/comments/feed/"):
        response = client.get(feed)
        assert response.status_code == 200, feed
        assert comment.subject in response.content.decode()
