"""Which language a text's letters are in (for a comment's lang attribute), and which
direction its words are (its dir)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sokhan.persian.script import (
    direction_of,
    direction_of_html,
    has_both_scripts,
    language_of,
    language_of_html,
    other_language,
)


@pytest.mark.parametrize(("text", "language"), [
    ("همبستگی با کارگران", "fa"),
    ("Solidarity with the workers", "en"),
    ("همبستگی، see https://example.org", "fa"),   # more Persian letters than Latin
    ("Free them all — آزادی", "en"),
    ("۱۴۰۲ 2023 !!!", None),                          # digits and marks are not letters
    ("", None),
])
def test_language_of(text, language):
    assert language_of(text) == language


def test_tags_addresses_and_entities_in_markup_are_not_words():
    html = ('<p>آزادی <a href="https://example.org/a-very-long-english-address">'
            "https://x.org</a> &amp;</p>")
    assert language_of_html(html) == "fa"


@given(st.text(st.characters(whitelist_categories=["Lu", "Ll"], max_codepoint=0x7f),
               min_size=1))
def test_latin_letters_alone_are_english(text):
    assert language_of(text) == "en"


@given(st.text(st.sampled_from("ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی"), min_size=1),
       st.text(st.sampled_from("abc "), max_size=5))
def test_persian_words_with_a_few_latin_letters_are_persian(persian, latin):
    text = persian * 6 + latin
    assert language_of(text) == "fa"


def test_a_comment_is_marked_only_when_written_in_the_other_language():
    assert other_language("<p>این نظری است به فارسی</p>", "en") == "fa"
    assert other_language("<p>این نظری است به فارسی</p>", "fa") == ""
    assert other_language("<p>An English comment</p>", "fa") == "en"
    assert other_language("<p>۱۲۳ 456</p>", "en") == ""  # no letters: nothing to say
    assert other_language("Solidarity", "en") == "" and other_language("همبستگی", "en") == "fa"


@pytest.mark.parametrize(("text", "both"), [
    ("فقط فارسی ۱۲۳", False), ("English only 123", False), ("", False), ("۱۲۳ 456 !؟", False),
    ("فارسی and English", True), ("https://example.org را ببینید", True),  # an address too
])
def test_has_both_scripts(text, both):
    assert has_both_scripts(text) is both


@pytest.mark.parametrize(("text", "direction"), [
    ("VPN‌ها این روزها کند شده‌اند، نه؟", "rtl"),  # Persian that begins with a Latin word
    ("Telegram و WhatsApp هر دو فیلتر هستند", "rtl"),  # more Latin letters, fewer words
    ("I agree with you, مریم, and with everyone who wrote here.", "ltr"),
    ("لینک YouTube و Instagram", "rtl"),  # as many words each: the first word's
    ("درباره‌ی example.com", "rtl"),  # an address is no word of either
    ('او گفت "We shall overcome some day" و رفت', "rtl"),  # a quotation, not a majority
    ("Free them all — آزادی", "ltr"),
    ("زن زندگی آزادی #MahsaAmini #WomanLifeFreedom #IranRevolution #OpIran", "rtl"),
    ("آزادی «#A» «#B» «#C»", "rtl"),  # a #tag in quotation marks, or full-width, too
    ("زن زندگی ＃Mahsa ＃Amini ＃Free", "rtl"),
    ("۵ × ۵ × ۵ = ۱۲۵ عالیه", "auto"),  # × is no Latin letter
    ("سلام دنیا", "auto"),  # one script: the first letter's, as ever
    ("Hello world", "auto"),
])
def test_a_piece_of_a_comment_takes_the_direction_most_of_its_words_are_in(text, direction):
    assert direction_of(text) == direction


def test_a_link_cut_where_a_long_body_is_sampled_is_no_english_word():
    # A long body is judged by its beginning, which may end inside a link's markup: its
    # rel and dir were counted as English words.
    body = ('<p dir="auto">ببینید: <a href="https://www.example.org/a" rel="nofollow ugc '
            'noreferrer" dir="ltr">https://www.example.org/a</a></p>')
    for end in range(body.index("<a"), len(body)):
        assert direction_of_html(body[:end]) in ("auto", "rtl"), body[:end]
