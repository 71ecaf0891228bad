"""The search key: what the index stores and what a query asks for (pure: no database)."""

from __future__ import annotations

import itertools
import re

import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st

from sokhan.persian.normalise import ZWNJ, fold, fold_as_alef, normalise
from sokhan.search.normaliser import (
    MAX_QUERY_WORDS,
    MAX_TERM_LENGTH,
    Query,
    index_key,
    index_terms,
    marked_spans,
    parse_query,
    readings,
    words,
)

FOLDED = [
    # (typed, folded key)
    ("علي", "علی"),  # Arabic yeh
    ("موسى", "موسی"),  # alef maksura
    ("رئیس", "رییس"),  # yeh with hamza
    ("كتاب", "کتاب"),  # Arabic kaf
    ("مدرسة", "مدرسه"),  # teh marbuta
    ("خانۀ", "خانه"),  # heh with yeh above
    ("خانهٔ", "خانه"),  # heh + hamza above
    ("آزادی", "ازادی"),  # alef with madda
    ("أحمد", "احمد"),  # alef with hamza above
    ("إسلام", "اسلام"),  # alef with hamza below
    ("ٱلله", "الله"),  # alef wasla
    ("مؤسسه", "موسسه"),  # waw with hamza
    ("مَردُمِ", "مردم"),  # harakat
    ("حتماً", "حتما"),  # tanwin
    ("محمّد", "محمد"),  # shadda
    ("رحمٰن", "رحمن"),  # superscript alef
    ("ســـلام", "سلام"),  # tatweel
    ("\u200fتهران\u200e", "تهران"),  # direction marks
    ("\u202bتهران\u202c", "تهران"),  # bidi embedding
    ("۱۴۰۳", "1403"),  # Persian digits
    ("٢٠٢٤", "2024"),  # Arabic-Indic digits
    ("FREEDOM", "freedom"),  # Latin case
    ("ＦＲＥＥ", "free"),  # full width
    ("ﻻ", "لا"),  # presentation form (ligature)
    ("ھمه", "همه"),  # heh doachashmee
]


@pytest.mark.parametrize(("typed", "key"), FOLDED)
def test_letter_variants_fold_to_one_key(typed, key):
    assert index_terms(typed) == [key]


@pytest.mark.parametrize("punctuation", ["«", "»", "،", "؛", "؟", "٪", "۔", ".", "!", "(", ")",
                                         '"', "'", "-", "*", ":", "^", "\u00a0"])
def test_punctuation_separates_words(punctuation):
    assert index_terms(f"آزادی{punctuation}بیان") == ["ازادی", "بیان"]


@pytest.mark.parametrize("text", ["می‌خواهیم", "میخواهیم", "می خواهیم"])
def test_the_three_spellings_of_a_zwnj_word_all_store_the_joined_form(text):
    assert "میخواهیم" in index_terms(text)


def test_a_zwnj_word_is_also_stored_as_its_parts():
    assert index_terms("روزنامه‌نگاران") == ["روزنامهنگاران", "روزنامه", "نگاران"]


@pytest.mark.parametrize(("text", "joined"), [
    ("می خواهیم", "میخواهیم"), ("نمی توانیم", "نمیتوانیم"), ("کتاب ها", "کتابها"),
    ("بزرگ ترین", "بزرگترین"), ("رفته اند", "رفتهاند"),
])
def test_a_separable_affix_written_with_a_space_is_also_stored_joined(text, joined):
    assert joined in index_terms(text)


def test_english_words_are_never_joined():
    assert index_terms("data base") == ["data", "base"]


def test_a_query_word_may_match_alone_or_joined_with_a_neighbour():
    query = parse_query("حقوق بشر")
    assert query.groups == ((("حقوق",), ("حقوقبشر",)), (("بشر",), ("حقوقبشر",)))


def test_a_zwnj_query_word_matches_joined_or_as_all_its_parts():
    assert parse_query("می‌خواهیم").groups == ((("میخواهیم",), ("می", "خواهیم")),)


@pytest.mark.parametrize("text", ["", "   ", "!!!", "«»،؛؟", "\u200c", "\u200f\u202e", "ـــ",
                                  "\u064e\u064f\u0650", "\x00", "***", "😀"])
def test_text_without_words_gives_an_empty_query(text):
    assert not parse_query(text)


def test_query_operators_are_plain_words():
    assert parse_query('"a" OR (b NEAR c*) NOT ^d:e -f').terms == {
        "a", "or", "b", "near", "c", "not", "d", "e", "f"}


def test_a_huge_query_is_capped():
    query = parse_query("word " * 5000 + " ".join(f"w{n}" for n in range(100)))
    assert len(query.groups) <= MAX_QUERY_WORDS


def test_overlong_words_are_dropped_on_both_sides():
    assert index_terms("x" * (MAX_TERM_LENGTH + 1) + " kept") == ["kept"]
    assert parse_query("x" * 10_000).groups == ()


def test_words_keep_their_span_in_the_original_text():
    text = "«مِي‌خواهيم» FREEDOM"
    assert [(text[w.start:w.end], w.key) for w in words(text)] == [
        ("مِي‌خواهيم", "میخواهیم"), ("FREEDOM", "freedom")]


def test_marked_spans_cover_both_words_of_a_spaced_match():
    text = "ما می خواهیم"
    spans = marked_spans(text, parse_query("میخواهیم"))
    assert [text[a:b] for a, b in spans] == ["می", "خواهیم"]


@given(st.text(), st.text())
def test_fold_works_one_character_at_a_time(a, b):
    # But for a hamza's seat before a waw, which the waw decides (never across words).
    assume(not (re.search("[ئؤویي][\u064B-\u065F\u0670]*$", a)
                and re.match("[\u064B-\u065F\u0670]*و", b)))
    assert fold(a + b) == fold(a) + fold(b)


@pytest.mark.parametrize("spelling", ["مسئولان", "مسؤولان", "مسو\u0654ولان"])
def test_a_hamzas_seat_before_waw_is_read_as_yeh(spelling):
    # Persian usage and Arabic usage: one key, in search and spam rules.
    assert fold(spelling) == normalise(spelling) == "مسیولان"


@pytest.mark.parametrize(("spellings", "also"), [
    # Decomposed, with a zero-width space, or stretched by a tatweel.
    (["هیئت", "هیي\u0654ت", "هیئ\u200bت", "هیئـت"], "هیات"),
    (["مسئله"], "مساله"),
    (["مطمئن"], "مطمان"),
])
def test_a_hamzas_seat_between_consonants_is_also_read_as_alef(spellings, also):
    # Filed under both readings: "هیات" and "هیأت" find "هیئت" (a Persian reader's review),
    # and "مطمین" still finds "مطمئن" (the review of that change).
    for spelling in spellings:
        assert also in index_terms(spelling) and fold(spelling) in index_terms(spelling)
        assert (also,) in parse_query(spelling).groups[0]


@pytest.mark.parametrize("word", ["مسائل", "قائم", "رئیس", "مسئول", "تئاتر", "پائیز"])
def test_a_hamzas_seat_after_an_alef_or_before_a_long_vowel_has_one_reading(word):
    assert index_terms(word) == [fold(word)]


@given(st.text())
def test_the_alef_reading_changes_a_letter_here_and_there_and_nothing_else(text):
    plain, alef = fold(text), fold_as_alef(text)
    assert len(plain) == len(alef)
    assert all(x == y or (x, y) == ("ی", "ا") for x, y in zip(plain, alef, strict=True))


def test_a_seat_read_as_yeh_makes_no_other_word():
    # Dropping the seat made "رئوس" (heads) the key of "روس" (Russia).
    assert fold("رئوس") != fold("روس") and fold("رؤوف") != fold("معروف")


def test_a_dropped_seat_keeps_the_marked_words_in_place():
    text = "از مسؤولان شهر"
    spans = marked_spans(text, parse_query("مسئولان"))
    assert [text[a:b] for a, b in spans] == ["مسؤولان"]


@given(st.text())
def test_terms_hold_only_letters_and_digits(text):
    # What both databases' tokenizers take as one token each.
    assert all(term.isalnum() and len(term) <= MAX_TERM_LENGTH for term in index_terms(text))


@given(st.text())
def test_the_fast_path_sees_the_same_words_as_the_word_spans(text):
    # index_terms() folds the whole text at once; words() folds word by word for spans.
    found = list(words(text))
    joins = {one + two for a, b in itertools.pairwise(found)
             for one in (a.key, a.other) if one for two in (b.key, b.other) if two}
    extra = index_terms(text)
    for term in (t for word in found for t in word.terms):
        extra.remove(term)
    # And, for a text with a hamza's seat, its words again, read with the seat as alef.
    again = {t for word in found for t in (word.other or word.key,
                                           *(word.other_parts or word.parts))}
    assert set(extra) <= joins | (again if any(word.other for word in found) else set())


@given(st.text())
def test_folding_is_idempotent(text):
    assert fold(fold(text)) == fold(text)


@pytest.mark.parametrize(("text", "expected"), [
    ("مي‌خواهيم", "میخواهیم"), ("  كتاب   ها  ", "کتاب ها"), ("ABC", "abc"),
])
def test_the_spam_rules_normalise_is_unchanged(text, expected):
    assert normalise(text) == expected


PIECES = st.one_of(
    st.sampled_from(["آزادی", "ازادي", "می", "خواهیم", "ميخواهيم", "کتاب", "ها", "free", "Press",
                     " ", "  ", "\u200c", "،", "«", "»", ".", "\n"]),
    st.text(alphabet=st.characters(max_codepoint=0xFFFF), max_size=3))


@given(st.lists(PIECES, max_size=30).map("".join),
       st.sampled_from(["آزادی", "می خواهیم", "میخواهیم", "free press", "کتابها", "کتاب"]))
@example("free\u17f0", "free press")  # a symbol inside a word, folded to a space
def test_marking_finds_the_same_words_whether_or_not_folding_keeps_positions(text, words_):
    # A harakat at the end makes the text "misaligned": marking then folds word by word.
    query = parse_query(words_)
    assert marked_spans(text, query) == marked_spans(text + " \u064e", query)


def reference_marked_spans(text: str, query: Query) -> list[tuple[int, int]]:
    """marked_spans() written plainly, as the oracle for its shortcuts: every word folded
    on its own by words(), marked when its key, its alef reading or a ZWNJ part is a
    query term, and with the word before when the two joined are one.

    Like marked_spans(), a text in which no term appears once its folded words are run
    together (spaces and ZWNJs taken out, in either reading) has nothing marked, even a
    pair on either side of an overlong word, which is skipped.
    """
    wanted = query.terms
    squeezed = ["".join(reading.split()).replace(ZWNJ, "")
                for reading in (fold(text), fold_as_alef(text))]
    if not any(term in each for term in wanted for each in squeezed):
        return []
    spans: list[tuple[int, int]] = []
    previous_keys: tuple[str, ...] = ()
    previous_span = (0, 0)
    for word in words(text):
        span = (word.start, word.end)
        keys = (word.key, word.other) if word.other else (word.key,)
        if any(one + two in wanted for one in previous_keys for two in keys):
            spans += [previous_span, span]
        elif any(term in wanted for term in (*keys, *word.parts, *word.other_parts)):
            spans.append(span)
        previous_keys, previous_span = keys, span
    return sorted(set(spans))


MARKING_PIECES = st.one_of(
    st.sampled_from(["آزادی", "ازادي", "می", "خواهیم", "ميخواهيم", "کتاب", "ها", "free", "Press",
                     "هیئت", "هیأت", "هیات", "مسئول", "مسؤول", "ﻻ", "ﷺ", "x" * 64, "y" * 65,
                     " ", "  ", "\u200c", "\u064e", "\u0640", "\u200f", "،", "«", "»", ".",
                     "\n", "\U0001d11e", "free\u17f0base"]),
    st.text(alphabet=st.characters(max_codepoint=0xFFFF), max_size=3),
    st.text(max_size=2))


@st.composite
def text_and_query(draw: st.DrawFn) -> tuple[str, Query]:
    text = draw(st.lists(MARKING_PIECES, max_size=40).map("".join))
    found = [text[word.start:word.end] for word in words(text)]
    # The query's words: the text's own (alone, or two neighbours run together, as a
    # reader types a word the text spaces; a hamza's seat typed as alef), or others.
    # About half the texts get marks.
    own = found + [one + two for one, two in itertools.pairwise(found)]
    own += [word.replace("ئ", "ا") for word in own if "ئ" in word]
    typed = st.one_of(st.sampled_from(["آزادی", "می خواهیم", "میخواهیم", "free press",
                                       "کتابها", "هیات", "مسئول", "لا"]),
                      *([st.sampled_from(own)] if own else []))
    return text, draw(st.lists(typed, min_size=1, max_size=4).map(" ".join).map(parse_query))


@given(text_and_query())
@example(("آزادی:0:0:0:آزادی" + "x" * 64 + "،free\u17f0base", parse_query("0free")))
@example(("این هیئت\u200cها و می خواهیم", parse_query("هیات میخواهیم")))
@example(("هیئت ها، می هیئت", parse_query("هیاتها میهیات")))  # joined in the alef reading
@example(("می خواهیم و می " + "x" * 65 + " خواهیم", parse_query("میخواهیم")))  # joined across
# Both words of a pair read with their seats as alef (the generator's queries come
# from the text's own words, and never join two such readings): by the folded text, then
# by words() (a haraka shifts positions), and a ZWNJ part read as alef by words().
@example(("هیئت هیئت", parse_query("هیاتهیات")))
@example(("هیئت هیئت\u064e", parse_query("هیاتهیات")))
@example(("هیئت\u200cها\u064e", parse_query("هیات")))
def test_marking_is_what_a_plain_word_by_word_reading_marks(text_and_query):
    # marked_spans() reads the folded text at once when positions allow and skips the
    # lookups it can: none of that may change which words it marks.
    text, query = text_and_query
    assert marked_spans(text, query) == reference_marked_spans(text, query)


AFFIXES = ["می", "نمی", "بی"] + [
    "ها", "های", "هایی", "هایم", "هایت", "هایش", "هایمان", "هایتان", "هایشان", "تر", "ترین",
    "تری", "ام", "ای", "اش", "ات", "اند", "ایم", "اید"]


@pytest.mark.parametrize("affix", AFFIXES)
def test_every_separable_affix_written_with_a_space_is_also_stored_joined(affix):
    text, joined = (f"{affix} رود", f"{affix}رود") if affix in AFFIXES[:3] else (
        f"کتاب {affix}", f"کتاب{affix}")
    assert joined in index_terms(text)
    assert (joined,) in parse_query(text).groups[0]


def test_the_caps_are_exactly_64_characters_a_term_32_words_and_1000_characters_a_query():
    assert index_terms("x" * 64) == ["x" * 64]
    many = parse_query(" ".join(f"w{n}" for n in range(40))).terms
    assert len(many) == 32 and "w31" in many and "w32" not in many
    assert parse_query(" " * 998 + "ab").terms == {"ab"}
    assert parse_query(" " * 999 + "ab").terms == {"a"}



def test_a_zwnj_typed_after_a_word_makes_no_part_of_it():
    assert index_terms("خانه\u200c") == ["خانه"]  # Shift+Space after the last letter


def test_a_zwnj_word_with_a_hamzas_seat_is_stored_and_asked_for_in_both_readings():
    assert index_terms("هیئت\u200cها") == ["هییتها", "هییت", "ها", "هیاتها", "هیات", "ها"]
    assert parse_query("هیئت\u200cها").groups == (
        (("هییتها",), ("هیاتها",), ("هییت", "ها"), ("هیات", "ها")),)


def test_each_piece_of_a_word_broken_by_a_symbol_keeps_its_own_span():
    assert [(word.start, word.end) for word in words("see free៰base")] == [
        (0, 3), (4, 8), (9, 13)]


def test_two_words_join_only_up_to_64_characters():
    assert ("ب" * 32 + "ت" * 32,) in parse_query("ب" * 32 + " " + "ت" * 32).groups[0]
    for text in ("ب" * 33 + " " + "ت" * 32, "ت" * 30 + " " + "ب" * 40):
        assert max(map(len, parse_query(text).terms)) <= 40


def test_a_middle_word_may_join_either_neighbour():
    assert parse_query("حقوق بشر ایران").groups[1] == (("بشر",), ("حقوقبشر",), ("بشرایران",))


def test_what_the_index_column_holds_and_what_the_admin_compares():
    assert index_key("می خواهیم") == "می میخواهیم خواهیم"
    assert readings("هیئت مدیره") == ["هییت مدیره", "هیات مدیره"]


@pytest.mark.parametrize(("text", "query", "spans"), [
    ("هیئت", "هیات", [(0, 4)]),  # found by its alef reading, and marked
    ("این هیئت\u200cها", "هیات", [(4, 11)]),  # ... in a ZWNJ word too
    ("\u200c هیئت", "هیئت", [(2, 6)]),  # a stray ZWNJ before it is no word
    ("x" * 64, "x" * 64, [(0, 64)]),  # the longest term
])
def test_the_words_a_query_found_are_marked(text, query, spans):
    assert marked_spans(text, parse_query(query)) == spans
