"""Comments are shown by a scrambled number (comments/number.py), in no order: the order
of database numbers told when each comment was written, to anyone who posted a few."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from hypothesis import given
from hypothesis import strategies as st

from sokhan.comments import number
from sokhan.comments.models import Comment, Status, shown_number, stored_number

NUMBERS = st.integers(min_value=0, max_value=2**number.BITS - 1)
KEYS = st.binary(min_size=16, max_size=32)


@given(NUMBERS, KEYS)
def test_a_shown_number_leads_back_to_its_comment(stored, key):
    shown = number.shown(stored, key)
    assert 0 <= shown < 2**number.BITS and len(str(shown)) <= 18  # an id in an address
    assert number.stored(shown, key) == stored


@given(st.lists(NUMBERS, min_size=2, max_size=50, unique=True), KEYS)
def test_no_two_comments_are_shown_by_one_number(stored, key):
    assert len({number.shown(n, key) for n in stored}) == len(stored)


@given(st.integers(min_value=2**number.BITS), KEYS)
def test_a_number_past_the_range_is_refused_not_wrapped(too_large, key):
    with pytest.raises(ValueError):
        number.shown(too_large, key)
    with pytest.raises(ValueError):
        number.stored(too_large, key)


def test_another_site_s_secret_shows_other_numbers():
    assert number.shown(1, b"one site's key..") != number.shown(1, b"another's key...")


def test_comments_written_in_turn_are_shown_in_no_order(client, statement, make_comment,
                                                         settings):
    # Posted one a minute, pending or as spam, a prober's own comments gave the time of
    # every number between them (security review).
    comments = [make_comment(f"Comment {n}") for n in range(20)]
    page = BeautifulSoup(client.get(statement.get_absolute_url()).content, "html.parser")
    shown = [int(a["id"].removeprefix("comment-")) for a in page.select("article.comment")]
    assert shown == [c.number for c in comments]  # (the page lists them oldest first)
    assert shown != sorted(shown) and shown != sorted(shown, reverse=True)
    assert not {f"comment-{c.pk}" for c in comments} & {a["id"] for a in
                                                         page.select("article.comment")}
    # Its address leads to it by the number shown, and a database number leads nowhere.
    first = comments[0]
    assert client.get(f"/en/comments/{first.number}/")["Location"].endswith(
        f"#comment-{first.number}")
    assert stored_number(first.number) == first.pk == stored_number(shown_number(first.pk))
    before = first.number
    settings.SECRET_KEY = "another site's secret key, " * 2
    assert shown_number(first.pk) != before  # the key is the site's


def test_a_reply_names_the_comment_it_answers_by_its_shown_number(client, statement,
                                                                   make_comment, post):
    answered = make_comment("The comment answered")
    form = BeautifulSoup(client.get(f"/en/comments/{answered.number}/reply/").content,
                         "html.parser")
    assert form.select_one("input[name=parent]")["value"] == str(answered.number)
    post(comment="My answer", parent=str(answered.number))
    assert Comment.objects.get(body="My answer").parent_id == answered.pk
    assert Comment.objects.get(body="My answer").status == Status.PENDING
