"""The pure parts of comments: reply placement, thread building, address hashing, subjects."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from sokhan.comments import address, submission, thread
from sokhan.comments.subject import MAX_CHARS, default_subject, repeats, text_of
from sokhan.textformat import render


@pytest.mark.parametrize(("parent_depth", "grandparent", "max_depth", "expected"), [
    (1, None, 3, ("P", 2)),
    (2, 10, 3, ("P", 3)),
    (3, 10, 3, (10, 3)),      # beside the deepest comment, under its parent
    (1, None, 1, (None, 1)),  # no nesting at all: a reply is a new thread
    (2, 10, 2, (10, 2)),
])
def test_reply_target(parent_depth, grandparent, max_depth, expected):
    target, depth = thread.reply_target(99, parent_depth, grandparent, max_depth)
    assert (("P" if target == 99 else target), depth) == expected


@dataclass
class C:
    pk: int
    parent_id: int | None
    depth: int
    visible: bool = True


def test_build_nests_and_prunes():
    comments = [C(1, None, 1), C(2, 1, 2), C(3, 1, 2, visible=False), C(4, 3, 3),
                C(5, None, 1, visible=False), C(6, 3, 3, visible=False)]
    roots = thread.build(comments, lambda c: c.visible)
    assert [n.comment.pk for n in roots] == [1]
    assert [n.comment.pk for n in roots[0].children] == [2, 3]
    placeholder = roots[0].children[1]
    assert not placeholder.shown and [n.comment.pk for n in placeholder.children] == [4]


@st.composite
def forests(draw):
    size = draw(st.integers(0, 40))
    comments = []
    for pk in range(1, size + 1):
        parent = draw(st.sampled_from([None] + [c.pk for c in comments])) if comments else None
        depth = 1 if parent is None else next(c for c in comments if c.pk == parent).depth + 1
        comments.append(C(pk, parent, depth, draw(st.booleans())))
    return comments


def _walk(nodes):
    for node in nodes:
        yield node
        yield from _walk(node.children)


@given(forests())
def test_every_visible_comment_shows_exactly_once_and_no_hidden_leaf(comments):
    nodes = list(_walk(thread.build(comments, lambda c: c.visible)))
    shown = [n.comment.pk for n in nodes if n.shown]
    assert sorted(shown) == [c.pk for c in comments if c.visible]
    assert len({n.comment.pk for n in nodes}) == len(nodes)
    assert all(n.shown or n.children for n in nodes)


@pytest.mark.parametrize(("index", "per_page", "page"), [(0, 50, 1), (49, 50, 1), (50, 50, 2),
                                                         (3, 2, 2)])
def test_page_of(index, per_page, page):
    assert thread.page_of(index, per_page) == page


@pytest.mark.parametrize(("given_address", "network"), [
    ("203.0.113.7", "203.0.113.7"),
    ("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"),
    ("2001:db8:1:2:ffff::1", "2001:db8:1:2::/64"),
    ("::ffff:198.51.100.1", "198.51.100.1"),
    # A Tor circuit (HiddenServiceExportCircuitID): one onion visitor, not all of them.
    ("fc00:dead:beef:4dad::1:2", "fc00:dead:beef:4dad::1:2"),
    ("fd12:3456:789a:1::5", "fd12:3456:789a:1::5"),
    ("not an address", "unknown"),
    ("", "unknown"),
])
def test_network_of(given_address, network):
    assert address.network_of(given_address) == network


@given(st.integers(0, 2**32 - 1), st.integers(0, 2**32 - 1))
def test_two_tor_circuits_are_two_commenters(one, other):
    key = b"k" * 32
    circuit = str(ipaddress.IPv6Address((0xfc00deadbeef4dad << 64) | one))
    another = str(ipaddress.IPv6Address((0xfc00deadbeef4dad << 64) | other))
    assert (address.address_hash(key, circuit) == address.address_hash(key, another)) is (
        one == other)


def test_hash_depends_on_key_and_network_not_on_host_part_of_ipv6():
    key = b"k" * 32
    same = address.address_hash(key, "2001:db8::1"), address.address_hash(key, "2001:db8::2")
    assert same[0] == same[1]
    assert address.address_hash(key, "192.0.2.1") != address.address_hash(key, "192.0.2.2")
    assert address.address_hash(key, "192.0.2.1") != address.address_hash(b"x" * 32,
                                                                           "192.0.2.1")
    assert "192.0.2.1" not in address.address_hash(key, "192.0.2.1")


def test_periods_change_every_n_days():
    start = datetime(2026, 1, 1, tzinfo=UTC)
    assert address.period_of(start, 30) == address.period_of(start + timedelta(hours=1), 30)
    assert address.period_of(start, 30) + 1 == address.period_of(start + timedelta(days=30), 30)


@given(st.datetimes(min_value=datetime(1971, 1, 1), max_value=datetime(2999, 1, 1),
                   timezones=st.just(UTC)), st.integers(1, 400))
def test_a_moment_lies_in_the_period_that_began_before_it(moment, days):
    period = address.period_of(moment, days)
    assert (address.period_start(period, days) <= moment.timestamp()
            < address.period_start(period + 1, days))


@pytest.mark.parametrize(("body", "subject"), [
    ("Short one", "Short one"),
    ("One two three four five six seven eight nine", "One two three four five six seven eight…"),
    ("a" * 100, "a" * (MAX_CHARS - 1) + "…"),
    ("  spaced\n\nout  ", "spaced out"),
    ("سلام به همه دوستان", "سلام به همه دوستان"),
    ("", ""),
    # Words left out need room for the "…": the subject stays within MAX_CHARS.
    ("a" * 62 + " bc d", "a" * 62 + "…"),
    ("a" * MAX_CHARS + " b", "a" * (MAX_CHARS - 1) + "…"),
])
def test_default_subject(body, subject):
    assert default_subject(body) == subject


@given(st.text())
@example("…")  # a word that is itself an ellipsis: stripping "…" from the subject lost it
@example("word…")
@example("a" * 64 + " b")  # text as long as a subject may be, and more: no room for "…"
def test_default_subject_is_short_and_from_the_text(body):
    subject = default_subject(body)
    assert len(subject) <= MAX_CHARS
    words = body.split()
    if not words:
        assert subject == ""
        return
    # The first word as written, followed by "…" when the rest was left out, or cut short
    # with "…" when it alone is too long for a subject.
    first = subject.split()[0]
    assert first in (words[0], words[0] + "…") or (
        len(words[0]) >= MAX_CHARS and first == words[0][: MAX_CHARS - 1] + "…")


# Words of letters and digits only: a word the Plain text format turns into a link or an
# address keeps its words too, but hypothesis would spend its time finding hosts.
_WORDS = st.lists(st.text(st.characters(categories=["L", "Nd"]), min_size=1, max_size=12),
                  min_size=1, max_size=14)


@given(_WORDS, st.sampled_from([" ", "\n", "\n\n", " \n "]))
def test_a_made_subject_repeats_the_comment_exactly_when_no_word_was_left_out(words, gap):
    body = gap.join(words)
    subject = default_subject(body)
    assert repeats(subject, text_of(render(body))) is (not subject.endswith("…"))


@pytest.mark.parametrize(("subject", "body", "repeated"), [
    ("Thanks!", "Thanks!", True),
    ("Well said indeed", "Well said\nindeed", True),  # a line break parts words too
    ("Hello world", "Hello\n\nworld", True),       # and a new paragraph
    ("Tom & Jerry <3", "Tom & Jerry <3", True),       # compared as text, not as markup
    ("See example.org", "See example.org", True),     # a link keeps its words
    ("Thanks", "Thanks!", False),                     # a typed subject of its own
    ("Thanks!", "Thanks! And more.", False),
    ("", "", False),                                   # no subject repeats nothing
])
def test_a_subject_repeats_its_comment_only_word_for_word(subject, body, repeated):
    assert repeats(subject, text_of(render(body))) is repeated


@pytest.mark.parametrize(("sent", "kept", "damaged"), [
    ({"comment": "fine"}, {"comment": "fine"}, set()),
    ({"comment": "a\x00b"}, {"comment": "ab"}, {"comment"}),
    ({"name": "x\ufffdy", "comment": "ok"}, {"name": "xy", "comment": "ok"}, {"name"}),
    ({"comment": "lone \ud800 surrogate"}, {"comment": "lone  surrogate"}, {"comment"}),
])
def test_unshowable_characters_are_removed_and_reported(sent, kept, damaged):
    assert submission.repaired(sent) == (kept, damaged)
