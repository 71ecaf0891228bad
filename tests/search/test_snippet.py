"""Snippets are cut from the original text, around the matches, with the matches marked
(pure: no database)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from sokhan.search.normaliser import parse_query
from sokhan.search.snippet import WIDTH, highlight, snippet

FILLER = "Lorem ipsum dolor sit amet, consectetur adipiscing elit. " * 20


def marked(parts) -> list[str]:
    return [part.text for part in parts if part.marked]


def test_the_snippet_is_cut_around_the_matches_with_ellipses():
    text = FILLER + "We demand the release of the journalists arrested in Tehran. " + FILLER
    found = snippet(text, parse_query("journalists release"))
    assert marked(found.parts) == ["release", "journalists"]
    assert found.cut_before and found.cut_after
    assert len(found.text) < WIDTH + 60
    assert found.text in text


def test_the_marked_words_are_the_original_characters_not_the_key():
    text = "ما مِي‌خواهيم كه آزاد باشيم"  # Arabic yeh and kaf, a kasra, a ZWNJ
    assert marked(highlight(text, parse_query("میخواهیم"))) == ["مِي‌خواهيم"]
    assert marked(highlight(text, parse_query("باشیم آزاد"))) == ["آزاد", "باشيم"]


def test_a_query_with_a_space_marks_both_words_of_the_spaced_form():
    assert marked(highlight("ما می خواهیم", parse_query("میخواهیم"))) == ["می", "خواهیم"]


def test_without_a_match_the_snippet_is_the_beginning():
    found = snippet(FILLER, parse_query("absent"))
    assert not found.cut_before and found.cut_after
    assert FILLER.startswith(found.text)
    assert not marked(found.parts)


def test_a_match_near_the_start_starts_at_the_first_word():
    found = snippet("Short text about freedom of the press.", parse_query("press"))
    assert found.text == "Short text about freedom of the press."
    assert not found.cut_before and not found.cut_after


def test_the_densest_cluster_wins():
    text = "freedom " + FILLER + "press freedom and more press " + FILLER
    assert marked(snippet(text, parse_query("press freedom")).parts) == [
        "press", "freedom", "press"]


def test_a_match_deep_in_a_long_text_is_found():
    text = FILLER * 30 + "the word needle is here " + FILLER
    assert marked(snippet(text, parse_query("needle")).parts) == ["needle"]


def test_text_without_spaces_is_cut_at_the_width():
    assert len(snippet("x" * 100_000, parse_query("y")).text) == WIDTH


@given(st.text(), st.text(min_size=1))
def test_a_snippet_is_always_a_piece_of_the_text(text, query):
    found = snippet(text, parse_query(query))
    assert found.text in text
    assert "".join(part.text for part in highlight(text, parse_query(query))) == text
