"""Which language a text's letters are in (for a comment's lang attribute), and which
direction its words are (its dir)."""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from sokhan.persian.script import (
    _ARABIC_LETTER,
    _LATIN_LETTER,
    _QUOTED,
    _no_word,
    _words,
    direction_of,
    direction_of_html,
    has_both_scripts,
    language_of,
    language_of_html,
    other_language,
)
from sokhan.textformat import render


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


@pytest.mark.parametrize(("text", "direction"), [
    ("«Woman, Life, Freedom» شعار ماست", "rtl"),  # a Persian sentence quoting English
    ('"Hello" گفت و رفت', "rtl"),
    ("“Hello” گفت", "rtl"),
    ("«زن زندگی آزادی» was the slogan we heard", "ltr"),  # and the other way round
    ("The slogan «زن زندگی آزادی» was chanted", "ltr"),
    ("«Woman, Life, Freedom» «زن، زندگی، آزادی»", "ltr"),  # only quotations: as before
    ('"Open quote گفت و رفت', "ltr"),  # a quotation mark never closed is no quotation
])
def test_words_in_quotation_marks_are_someone_elses(text, direction):
    assert direction_of(text) == direction


@given(st.lists(st.sampled_from(["سلام", "دوست", "Hello", "friend", "«", "»", '"', "“", "”",
                                  "#tag", "a@b.org", "۱۲"]), max_size=12))
@example(["Hello", "«", "سلام", "سلام", "سلام", "»"])  # quoted, and still counted
def test_a_quotation_is_first_only_when_nothing_outside_it_is(words):
    text = " ".join(words)
    direction = direction_of(text)
    assert direction in ("auto", "rtl", "ltr")
    persian, english = ("سلام", "دوست"), ("Hello", "friend")
    outside = [word for word in _QUOTED.sub(" ", text).split() if word in persian + english]
    every = [word for word in text.split() if word in persian + english]
    if has_both_scripts(text) and every:  # the first such word, unless outnumbered
        first = "rtl" if (outside or every)[0] in persian else "ltr"
        mine = sum(word in (persian if first == "rtl" else english) for word in every)
        assert direction == (first if len(every) - mine <= 2 * mine
                             else {"rtl": "ltr", "ltr": "rtl"}[first])


@pytest.mark.parametrize("text", [
    # Persian quotes Persian in «» as often as it quotes anyone else: a Persian sentence
    # that begins with a brand's name and quotes Persian words was rtl, as its words are,
    # until its quotation was left out of the count and the name alone was left to decide.
    "Apple گفت «قیمت‌ها بالا می‌رود»",
    "Instagram نوشت «این حساب بسته شد»",
    # Inch marks are no quotation marks: the words between two of them are the writer's.
    'Samsung 27" مانیتور خوبی است ولی 32" بهتر است',
])
def test_words_in_quotation_marks_still_count_against_a_first_word(text):
    assert direction_of(text) == "rtl"


def test_a_rendered_comment_reads_its_escaped_quotation_marks_as_quotation_marks():
    # render() writes " as &quot;, which the tags' filter would turn into a space.
    assert direction_of_html(render('"Woman, Life, Freedom" شعار ماست')) == "rtl"
    assert direction_of_html(render("«Woman, Life, Freedom» شعار ماست")) == "rtl"


def test_a_link_cut_where_a_long_body_is_sampled_is_no_english_word():
    # A long body is judged by its beginning, which may end inside a link's markup: its
    # rel and dir were counted as English words.
    body = ('<p dir="auto">ببینید: <a href="https://www.example.org/a" rel="nofollow ugc '
            'noreferrer" dir="ltr">https://www.example.org/a</a></p>')
    for end in range(body.index("<a"), len(body)):
        assert direction_of_html(body[:end]) in ("auto", "rtl"), body[:end]


# The first and last letters of each run of Arabic-script and Latin letters, and the
# characters just outside them: punctuation (؟ ۔ ¿), marks, Persian digits, × and ÷, and
# the neighbouring scripts (Syriac, Thaana, Hebrew, IPA).
ARABIC_LETTERS = "\u0620\u064a\u066e\u06d3\u06d5\u06ee\u06ef\u06fa\u06ff\u0750\u077f\ufb50\ufdff\ufe70\ufefc"
LATIN_LETTERS = "AZazÀÖØöøɏ"
NO_LETTERS = "\u061f\u064b\u066d\u06d4\u06d6\u06ed\u06f0\u06f9\u0700\u074f\u0780\ufb4f\ufe00@[`{¿×÷ɐ"


@pytest.mark.parametrize("letter", ARABIC_LETTERS + LATIN_LETTERS)
def test_the_letters_at_either_end_of_each_range_count(letter):
    language = "fa" if letter in ARABIC_LETTERS else "en"
    assert language_of(letter * 3 + " ب a") == language
    assert has_both_scripts(letter + (" a" if language == "fa" else " ب"))


@pytest.mark.parametrize("character", NO_LETTERS)
def test_the_characters_just_outside_the_ranges_are_no_letters(character):
    assert language_of(character * 3) is None
    assert not has_both_scripts(f"{character} a") and not has_both_scripts(f"{character} ب")


def test_addresses_are_words_of_neither_language():
    assert language_of("سلام ali@example.org") == "fa"
    assert language_of("سلام www.example.org") == "fa"
    # ... nor the first word of a sentence, whose direction the next words then say
    assert direction_of("ali@example.org را ببینید") == "rtl"
    assert direction_of("www.example.org را ببینید") == "rtl"


def test_latin_capitals_alone_are_not_both_scripts():
    assert not has_both_scripts("Xerxes and XYZ")


def test_a_persian_paragraph_before_a_link_keeps_the_comment_persian():
    # The tags between them are a space: the word and the link stay apart.
    assert language_of_html(render("سلام\n\nhttps://example.org/a")) == "fa"


def test_a_comment_is_judged_by_its_first_240_characters():
    assert language_of_html("a" * 120 + "ب" * 200) is None  # a tie within them


@pytest.mark.parametrize(("text", "direction"), [
    # The first word holds on unless the other script has more than twice as many words.
    ("Hello دو کلمه", "ltr"), ("سلام two words", "rtl"),
    # Hashtags are no words, in full-width form too.
    ("＃آزادی ＃ایران Freedom", "ltr"), ("#آزادی #ایران Freedom", "ltr"),
])
def test_a_near_tie_keeps_the_first_words_direction(text, direction):
    assert direction_of(text) == direction


@pytest.mark.parametrize(("text", "direction"), [
    ("سلام one two three", "ltr"),  # more than twice as many words of the other script
    ("سلامHello", "auto"),  # no word of one script: the first letter decides
])
def test_a_piece_of_text_without_a_clear_first_word(text, direction):
    assert direction_of(text) == direction


@pytest.mark.parametrize(("typed", "direction"), [
    # A link is laid out on its own: its place is no word of either script.
    ("https://example.org/a سلام دوست Firefox", "rtl"),
    # Paragraphs are apart, their words too.
    ("سلام\n\nHello world", "rtl"),
    # A long address first: the words after it still decide.
    ("https://example.org/" + "x" * 560 + " این را در Firefox ببینید", "rtl"),
    # A link cut where the sample ends is no word either.
    ("سلام دوست https://example.org/" + "x" * 1000, "auto"),
    # The words either side of a link are two words, as render() reads them.
    ("Email:ali@example.org\u200cرا ببینید", "ltr"),
])
def test_a_rendered_comments_direction_is_its_words(typed, direction):
    assert direction_of_html(render(typed)) == direction


def test_a_comment_beginning_with_a_long_link_is_judged_by_the_words_after_it():
    assert language_of_html(render("https://example.org/" + "x" * 100 + " این نظر فارسی است")) == "fa"


def _words_one_by_one(text: str) -> tuple[str, dict[str, int]]:
    """_words as first written: each word searched for letters of each script."""
    first, counts = "", {"rtl": 0, "ltr": 0}
    for word in text.split():
        if _no_word(word):
            continue
        in_arabic, in_latin = bool(_ARABIC_LETTER.search(word)), bool(_LATIN_LETTER.search(word))
        if in_arabic != in_latin:
            direction = "rtl" if in_arabic else "ltr"
            first = first or direction
            counts[direction] += 1
    return first, counts


@given(st.lists(st.one_of(
    st.sampled_from(["سلام", "Hello", "VPN‌ها", "x", "ب", "۱۴۰۲", "2023", "ali@example.org",
                     "https://x.org/آ", "www.x", "#آزادی", "＃tag", "«#tag»", "@name", "://"]),
    st.text(st.sampled_from(ARABIC_LETTERS + LATIN_LETTERS + NO_LETTERS
                            + "\x01\x02\x03 \t\n\u200c\u00a0\u2003#＃@:/.w«\"'"), max_size=8),
), max_size=12).map(" ".join))
@example("\x01 \x02 سلام")   # the markers themselves, typed: no letters, words kept in line
@example("\x01\x01 Hello \x02")
def test_the_words_are_those_a_word_by_word_reading_finds(text):
    # Each word is judged in the text marked letter by letter (a translation in C):
    # what it finds is what reading each word's letters finds.
    assert _words(text) == _words_one_by_one(text)
