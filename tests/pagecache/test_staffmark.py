"""The staff mark: made with the site's secret, valid until it expires, and not otherwise."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from sokhan.pagecache import staffmark

KEY = b"the site's secret"
NOW = 1_800_000_000


@given(lifetime=st.integers(1, staffmark.LIFETIME), later=st.integers(0, 2 * staffmark.LIFETIME))
def test_a_mark_is_valid_until_it_expires(lifetime, later):
    mark = staffmark.make(KEY, lifetime, NOW)
    assert staffmark.valid(KEY, mark, NOW + later) is (later < lifetime)


def test_a_mark_made_to_last_longer_than_marks_do_is_refused():
    # Made before marks lived an hour (two weeks, then): staff get a new one instead.
    assert not staffmark.valid(KEY, staffmark.make(KEY, 14 * 86400, NOW), NOW)


@given(st.text(max_size=80))
def test_nothing_but_a_mark_made_with_the_key_is_valid(text):
    assert not staffmark.valid(KEY, text, NOW)


def test_another_key_or_a_moved_expiry_is_refused():
    mark = staffmark.make(KEY, 3600, NOW)
    expires, _, signature = mark.partition(".")
    assert not staffmark.valid(b"another site's secret", mark, NOW)
    assert not staffmark.valid(KEY, f"{int(expires) + 10**6}.{signature}", NOW)


def test_the_mark_is_found_among_other_cookies():
    mark = staffmark.make(KEY, 3600, NOW)
    header = f"a=b; {staffmark.NAME}={mark}; sessionid=xyz"
    assert staffmark.from_header(header) == mark
    assert staffmark.carried(KEY, header, NOW)
    assert not staffmark.carried(KEY, f"x{staffmark.NAME}={mark}", NOW)  # another cookie
    assert not staffmark.carried(KEY, "sessionid=xyz", NOW)


def test_a_mark_says_how_long_it_has_left_and_nothing_for_a_bad_one():
    mark = staffmark.make(KEY, staffmark.LIFETIME, NOW)
    assert staffmark.left(KEY, mark, NOW + 600) == staffmark.LIFETIME - 600
    assert staffmark.left(KEY, mark, NOW + staffmark.LIFETIME) == 0
    assert staffmark.left(b"another key", mark, NOW) == 0
