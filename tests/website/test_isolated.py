"""Words set in running text (a commenter's name in the admin's list, a title in a
breadcrumb): isolated in their own direction, and marked with their language when it is
not the page's, so that a screen reader speaks them with the right voice."""

from __future__ import annotations

import html

from django.utils import translation
from django.utils.safestring import mark_safe
from hypothesis import given
from hypothesis import strategies as st

from sokhan.website.templatetags.sokhan_l10n import isolated


def test_words_in_the_other_script_are_marked_with_their_language() -> None:
    with translation.override("en"):
        assert isolated("مریم") == '<bdi lang="fa">مریم</bdi>'
        assert isolated("Sara") == "<bdi>Sara</bdi>"
    with translation.override("fa"):
        assert isolated("Sara") == '<bdi lang="en">Sara</bdi>'
        assert isolated("مریم") == "<bdi>مریم</bdi>"


def test_a_language_given_wins_over_the_letters() -> None:
    # A statement's or a label's language is known: a Persian title that is all Latin
    # letters ("VPN") is still Persian.
    with translation.override("en"):
        assert isolated("VPN", "fa") == '<bdi lang="fa">VPN</bdi>'
        assert isolated("مریم", "en") == "<bdi>مریم</bdi>"
        assert isolated("", "") == "<bdi></bdi>"


def test_what_was_typed_is_escaped_once() -> None:
    with translation.override("en"):
        assert isolated('<script>alert("x")</script>') == (
            "<bdi>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</bdi>")
        # Markup the site made (already escaped) is not escaped a second time.
        assert isolated(mark_safe("Tom &amp; Jerry")) == "<bdi>Tom &amp; Jerry</bdi>"


@given(st.text(), st.sampled_from(["en", "fa"]))
def test_the_text_shown_is_the_text_given(text: str, page: str) -> None:
    with translation.override(page):
        shown = isolated(text)
    opening, _, rest = shown.partition(">")
    assert opening in ("<bdi", '<bdi lang="en"', '<bdi lang="fa"')
    assert opening != f'<bdi lang="{page}"'  # never the page's own language
    assert rest.endswith("</bdi>") and html.unescape(rest[:-len("</bdi>")]) == text
    assert "<" not in rest[:-len("</bdi>")]
