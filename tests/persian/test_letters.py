"""Arabic yeh and kaf in an address read as the Persian letters (and back); nothing else."""

from __future__ import annotations

import sys
import unicodedata

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from sokhan.persian.normalise import arabic_letters, fold, normalise, persian_letters, spellings


def test_arabic_yeh_alef_maksura_and_kaf_become_persian():
    assert persian_letters("كار-شايسته-ى") == "کار-شایسته-ی"
    assert arabic_letters("کار-شایسته-ی") == "كار-شايسته-ي"


@given(st.text())
def test_only_those_letters_change(text):
    changed = persian_letters(text)
    assert len(changed) == len(text)
    assert not set(changed) & {"ي", "ى", "ك"}
    assert all(a == b or a in "يىك" for a, b in zip(text, changed, strict=True))
    assert normalise(changed) == normalise(text)  # the matching key already agreed


@given(st.text())
def test_the_way_back_changes_only_the_persian_yeh_and_kaf(text):
    # An address typed from a Persian keyboard, for one saved with the Arabic letters.
    back = arabic_letters(text)
    assert len(back) == len(text) and not set(back) & {"ی", "ک"}
    assert all(a == b or a in "یک" for a, b in zip(text, back, strict=True))
    assert persian_letters(back) == persian_letters(text)


_PERSIAN_TEXT = st.text(alphabet="میشوندکتابهاعليكىئؤ\u0654\u064e0123456789۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩\u200c ab",
                        max_size=20)


@given(_PERSIAN_TEXT)
@example("ؤ\u200cو")  # a joiner after a hamza's seat hid the waw after it (mutation testing)
@example("و\u0654\u200cو")
def test_every_spelling_of_a_text_is_the_same_words(text):
    # The admin searches each spelling as stored; each must be the text itself to anyone
    # reading it, which the matching key (letters, digits and joiners unified) says.
    found = spellings(text)
    assert text.strip() in found
    assert {normalise(form) for form in found} == {normalise(text)}


def test_spellings_cover_both_keyboards_digits_and_the_non_joiner():
    assert {"09121234567", "۰۹۱۲۱۲۳۴۵۶۷", "٠٩١٢١٢٣٤٥٦٧"} <= spellings("09121234567")
    assert {"علی", "علي"} <= spellings("علی")
    assert "می\u200cشوند" in spellings("میشوند") and "میشوند" in spellings("می\u200cشوند")
    assert "کتاب\u200cها" in spellings("کتابها")
    assert {"مسئول", "مسؤول"} <= spellings("مسئول") and "روف" not in spellings("رئوف")
    assert "مسئول" in spellings("مسؤول")  # and the other way round
    # A percent sign and the letter after the Persian nine are no digits to respell.
    assert all("٪" in form for form in spellings("۵۰٪"))
    assert all("ۺ" in form for form in spellings("ۺ۵"))


@pytest.mark.parametrize("digits", ["0123456789", "۰۱۲۳۴۵۶۷۸۹", "٠١٢٣٤٥٦٧٨٩"])
def test_digits_of_any_keyboard_are_spelt_with_the_others(digits):
    assert {"0123456789", "۰۱۲۳۴۵۶۷۸۹", "٠١٢٣٤٥٦٧٨٩"} <= spellings(digits)


# Every other form of a letter that the matching key reads as the Persian one: Arabic
# keyboards' yeh and kaf, hamza seats, teh marbuta, and the Urdu, Sindhi and decorative
# forms spammers use to slip past the disallowed words.
OTHER_FORMS = [("ي", "ی"), ("ى", "ی"), ("ك", "ک"), ("ئ", "ی"), ("ة", "ه"), ("ۀ", "ه"),
               ("ە", "ه"), ("أ", "ا"), ("إ", "ا"), ("آ", "ا"), ("ٱ", "ا"), ("ؤ", "و"),
               ("ڪ", "ک"), ("ۃ", "ه"), ("ہ", "ه"), ("ھ", "ه"), ("ٲ", "ا"), ("ٳ", "ا")]


@pytest.mark.parametrize(("form", "letter"), OTHER_FORMS)
def test_every_other_form_of_a_letter_has_the_persian_letters_key(form, letter):
    assert normalise(f"ب{form}ت") == f"ب{letter}ت"
    assert fold(f"ب{form}ت") == f"ب{letter}ت"  # search reads it so too


def test_persian_and_arabic_digits_are_digits_and_the_letter_after_them_is_not():
    assert normalise("۰۱۲۳۴۵۶۷۸۹ ٠١٢٣٤٥٦٧٨٩") == "0123456789 0123456789"
    assert normalise("ۺ") == "ۺ"  # U+06FA, a Sindhi letter right after the Persian nine


def _every(category: str) -> list[str]:
    return [chr(code) for code in range(sys.maxunicode + 1)
            if unicodedata.category(chr(code)) == category]


def test_every_invisible_character_is_left_out_of_the_key():
    # "cas\u200bino" reads "casino": every format control (Cf) of every plane, the
    # combining grapheme joiner and the variation selectors; and nothing that shows.
    invisible = [*_every("Cf"), "\u034f", *map(chr, range(0xFE00, 0xFE10)),
                 *map(chr, range(0xE0100, 0xE01F0))]
    assert len(invisible) > 400
    for character in invisible:
        assert normalise(f"cas{character}ino") == "casino", hex(ord(character))
    shown = "None of these, ABCDEFGHIJKLMNOPQRSTUVWXYZ 0123456789 ﷲ ﷿"
    assert normalise(shown) == normalise(shown.casefold()) == " ".join(
        unicodedata.normalize("NFKC", shown).casefold().split())


def test_a_word_with_or_without_its_zwnj_has_one_key():
    assert normalise("می\u200cخواهیم") == normalise("میخواهیم") == "میخواهیم"


@pytest.mark.parametrize("mark", "،؛؟٪«»۔")
def test_persian_punctuation_parts_words_as_a_space_does(mark):
    assert normalise(f"سلام{mark}دنیا") == "سلام دنیا"


@pytest.mark.parametrize(("text", "folded"), [
    ("Sokhan™ ۱۲㋀", "sokhan  12 "),  # symbols are separators, letters in them or not
    ("a௰b", "a b"),  # so is a number that is no digit (Tamil ten)
])
def test_search_folds_symbols_and_other_numbers_to_spaces(text, folded):
    assert fold(text) == folded
