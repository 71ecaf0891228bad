"""The History's "Compare": what changed between two versions, word by word."""

from __future__ import annotations

from itertools import pairwise

from hypothesis import given
from hypothesis import strategies as st

from sokhan.website.difference import Piece, changed, paragraphs, whole, words

# Words of a few letters, Persian ones with a zero-width non-joiner among them, and spaces.
WORD = st.sampled_from(["the", "board", "برای", "می‌گوید", "آزادی", "arrest", ",", "۱۴۰۲"])
TEXT = st.lists(st.tuples(WORD, st.sampled_from([" ", "  ", "\n"])), max_size=30).map(
    lambda pairs: "".join(word + space for word, space in pairs))


def spelt(pieces: list[Piece], leaving: str) -> str:
    return "".join(piece.text for piece in pieces if piece.kind != leaving)


@given(TEXT, TEXT)
def test_the_pieces_spell_both_versions(old, new):
    pieces = words(old, new)
    assert spelt(pieces, "new") == old and spelt(pieces, "gone") == new


@given(TEXT, TEXT)
def test_no_two_pieces_in_a_row_are_of_one_kind(old, new):
    kinds = [piece.kind for piece in words(old, new)]
    assert all(a != b for a, b in pairwise(kinds))


@given(TEXT)
def test_a_text_compared_with_itself_is_unchanged(text):
    assert not changed(words(text, text))
    assert words(text, text) == ([Piece("same", text)] if text else [])


def test_a_changed_word_is_shown_gone_then_new_and_the_rest_stays():
    assert words("The board met on Monday.", "The board met on Tuesday.") == [
        Piece("same", "The board met on "), Piece("gone", "Monday."),
        Piece("new", "Tuesday.")]


def test_a_persian_word_with_a_half_space_is_one_word():
    assert words("او می‌گوید", "او می‌نویسد") == [
        Piece("same", "او "), Piece("gone", "می‌گوید"), Piece("new", "می‌نویسد")]


def test_common_words_in_a_long_text_are_not_taken_for_changes():
    # difflib's "autojunk" treats words in more than 1 % of a 200+ word text as junk:
    # every "the" would have shown as rewritten.
    old = " ".join(["the statement of the board"] * 60)
    new = old + " and the end"
    assert words(old, new) == [Piece("same", old), Piece("new", " and the end")]


PARAGRAPH = TEXT.filter(bool)  # a body's paragraphs are never empty


@given(st.lists(PARAGRAPH, max_size=6), st.lists(PARAGRAPH, max_size=6))
def test_paragraphs_spell_both_versions(old, new):
    shown = paragraphs(old, new)
    assert [spelt(p, "new") for p in shown if any(x.kind != "new" for x in p)] == old
    assert [spelt(p, "gone") for p in shown if any(x.kind != "gone" for x in p)] == new


def test_a_paragraph_added_between_two_is_new_whole_and_the_others_stay():
    shown = paragraphs(["First.", "Third."], ["First.", "Second.", "Third."])
    assert shown == [[Piece("same", "First.")], [Piece("new", "Second.")],
                     [Piece("same", "Third.")]]


def test_a_rewritten_paragraph_is_compared_word_by_word():
    shown = paragraphs(["One.", "We call on all."], ["One.", "We call on everyone."])
    assert shown[1] == [Piece("same", "We call on "), Piece("gone", "all."),
                        Piece("new", "everyone.")]


def test_a_phrase_rewritten_whole_reads_as_one_change_not_word_by_word():
    # The spaces the two phrases share had cut it into "a", "x", " ", "b", "y".
    assert words("We met a b today", "We met x y today") == [
        Piece("same", "We met "), Piece("gone", "a b "), Piece("new", "x y "),
        Piece("same", "today")]


@given(TEXT, TEXT)
def test_a_whole_value_spells_both_versions(old, new):
    pieces = whole(old, new)
    assert spelt(pieces, "new") == old and spelt(pieces, "gone") == new


def test_a_paragraph_added_before_an_edited_one_is_added_and_the_edit_an_edit():
    # Paired blindly, the new paragraph was compared with the edited one, and the edit
    # vanished inside a paragraph marked as added.
    old = ["We condemn the arrest of journalists.", "They must be released."]
    new = ["Their families were not told.", "We condemn the arrest of reporters.",
           "They must be released."]
    assert paragraphs(old, new) == [
        [Piece("new", "Their families were not told.")],
        [Piece("same", "We condemn the arrest of "), Piece("gone", "journalists."),
         Piece("new", "reporters.")],
        [Piece("same", "They must be released.")]]


def test_a_paragraph_replaced_by_an_unrelated_one_is_removed_and_added_whole():
    assert paragraphs(["We condemn the arrests."], ["A march is called for Friday."]) == [
        [Piece("gone", "We condemn the arrests.")],
        [Piece("new", "A march is called for Friday.")]]


def test_a_long_paragraph_is_compared_at_once(benchmark=None):
    # Spaces were tokens of their own, each matching every other: one word inserted in a
    # paragraph of 16,000 words took a minute, and a 1 MB body would have taken hours.
    import time

    old = " ".join(["و"] * 8000 + ["word"] * 8000)
    new = old.replace("word word", "word new word", 1)
    started = time.process_time()  # CPU time: the clock's counts other work too
    pieces = words(old, new)
    assert time.process_time() - started < 1
    assert [p for p in pieces if p.kind != "same"] == [Piece("new", "new ")]


def test_two_long_unrelated_paragraphs_are_shown_replaced_whole_at_once():
    import time

    old, new = " ".join(f"a{n}" for n in range(5000)), " ".join(f"b{n}" for n in range(5000))
    started = time.process_time()  # CPU time: the clock's counts other work too
    assert words(old, new) == [Piece("gone", old), Piece("new", new)]
    assert paragraphs([old] * 30, [new] * 30)
    assert time.process_time() - started < 2
