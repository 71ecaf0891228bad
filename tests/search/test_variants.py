"""Spellings that Persian and Arabic keyboards (and careless copies) produce differently
find each other, whichever of the two is in the statement and whichever is typed."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db

# (one spelling, another spelling): a statement with either is found by typing the other.
PAIRS = [
    ("علي", "علی"),  # Arabic yeh → Persian yeh
    ("موسى", "موسی"),  # alef maksura → yeh
    ("رئیس", "رییس"),  # yeh with hamza
    ("كتاب", "کتاب"),  # Arabic kaf → Persian kaf
    ("كارگري", "کارگری"),  # a Persian word typed on an Arabic layout (kaf and yeh)
    ("مدرسة", "مدرسه"),  # teh marbuta → heh
    ("خانۀ", "خانه"),  # heh with yeh above
    ("خانهٔ", "خانه"),  # heh + combining hamza
    ("ھمه", "همه"),  # heh doachashmee
    ("آزادی", "ازادی"),  # alef with madda
    ("أحمد", "احمد"),  # alef with hamza above
    ("إسلام", "اسلام"),  # alef with hamza below
    ("ٱلله", "الله"),  # alef wasla
    ("مؤسسه", "موسسه"),  # waw with hamza
    ("مسئولان", "مسؤولان"),  # a hamza's seat before waw: Persian and Arabic usage
    ("رئوف", "رؤوف"),
    ("سؤال", "سوال"),  # a lone waw with hamza
    # A hamza's seat between consonants: yeh in today's usage, alef in older usage, or a
    # bare alef (and signatories' names: test_a_signatory_named_with_a_hamza_…).
    ("مسئله", "مسأله"),
    ("مسئله", "مساله"),
    ("جرئت", "جرأت"),
    ("مسائل", "مسایل"),  # after an alef, the seat is still read as yeh
    ("مطمئن", "مطمین"),  # and between consonants too, as well as alef
    ("توطئه", "توطیه"),
    ("قائم", "قایم"),
    ("پائیز", "پاییز"),
    ("مَردُم", "مردم"),  # fatha, damma
    ("دِین", "دین"),  # kasra
    ("حتماً", "حتما"),  # tanwin
    ("محمّد", "محمد"),  # shadda
    ("مَسْجِد", "مسجد"),  # sukun
    ("رحمٰن", "رحمن"),  # superscript alef
    ("ســلام", "سلام"),  # tatweel
    ("\u200fتهران\u200f", "تهران"),  # right-to-left marks
    ("\u202bتهران\u202c", "تهران"),  # bidi embedding
    ("۱۴۰۳", "1403"),  # Persian digits
    ("٢٠٢٤", "2024"),  # Arabic-Indic digits
    ("۱۴۰۳", "١٤٠٣"),  # Persian and Arabic-Indic digits
    ("«آزادی»،", "آزادی"),  # Persian quotes and comma
    ("آزادی؟", "آزادی"),  # Persian question mark
    ("می‌خواهیم", "میخواهیم"),  # ZWNJ / nothing
    ("می‌خواهیم", "می خواهیم"),  # ZWNJ / space
    ("می خواهیم", "میخواهیم"),  # space / nothing
    ("کتاب‌ها", "کتاب ها"),  # plural suffix: ZWNJ / space
    ("کتاب‌ها", "کتابها"),  # plural suffix: ZWNJ / nothing
    ("بزرگ‌ترین", "بزرگترین"),  # superlative suffix
    ("نمی‌توانیم", "نمی توانیم"),  # negative prefix
    ("حقوق‌بشر", "حقوق بشر"),  # a compound
    ("FREEDOM", "freedom"),  # Latin case
    ("ＦＲＥＥ", "free"),  # full-width Latin
    ("ﻻ", "لا"),  # Arabic presentation form
]


@pytest.mark.parametrize("direction", ["stored-typed", "typed-stored"])
@pytest.mark.parametrize(("one", "other"), PAIRS, ids=[f"{a}|{b}" for a, b in PAIRS])
def test_variant_spellings_find_each_other(make_statement, find, one, other, direction):
    stored, typed = (one, other) if direction == "stored-typed" else (other, one)
    make_statement("Unrelated", language="fa", body="<p>چیز دیگری اینجا نیست.</p>")
    make_statement("Holder", language="fa", body=f"<p>متن پیش {stored} متن پس</p>")
    assert find(typed, lang="fa") == ["Holder"]


@pytest.mark.parametrize("typed", ["هیئت", "هیأت", "هیات"])
def test_a_signatory_named_with_a_hamza_is_found_however_it_is_spelt(
        make_statement, make_signatory, find, typed):
    # A Persian reader's search for "هیات" found nothing of the demo's "هیئت سیاسی-اجرایی".
    board = make_signatory("board", fa="هیئت سیاسی-اجرایی")
    make_statement("Signed by the board", language="fa", signatory=board)
    make_statement("Signed by the council", language="fa",
                   signatory=make_signatory("council", en="Council", fa="شورای مرکزی"))
    assert find(typed, lang="fa") == ["Signed by the board"]


ZWNJ_FORMS = ["می‌خواهیم", "میخواهیم", "می خواهیم"]


@pytest.mark.parametrize("typed", ZWNJ_FORMS)
def test_the_three_spellings_of_a_zwnj_word_find_each_other(make_statement, find, typed):
    for number, form in enumerate(ZWNJ_FORMS):
        make_statement(f"Form {number}", language="fa", body=f"<p>ما {form} آزاد باشیم</p>")
    make_statement("Other", language="fa", body="<p>ما می‌توانیم</p>")
    assert sorted(find(typed, lang="fa")) == ["Form 0", "Form 1", "Form 2"]


@pytest.mark.parametrize(("stored", "typed"), [
    # (Not "هیئت": the signatory the statements are made with is named so.)
    ("مسئله‌ها", "مساله"),  # a part of a word joined by a half-space
    ("مسئله‌ای", "مسأله"),
    ("مسئله ها", "مسالهها"),  # a suffix typed apart, joined in the query
    ("جرئت‌مندانه", "جرات"),
])
def test_a_hamza_s_alef_reading_reaches_the_parts_of_a_word(make_statement, find, stored,
                                                            typed):
    make_statement("Unrelated", language="fa", body="<p>چیز دیگری اینجا نیست.</p>")
    make_statement("Holder", language="fa", body=f"<p>متن پیش {stored} متن پس</p>")
    assert find(typed, lang="fa") == ["Holder"]
