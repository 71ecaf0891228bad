"""How alike two comments are, and their prints (sokhan.antispam.likeness): a flood's copy
with a word changed shares prints with the original; unrelated texts share none."""

from __future__ import annotations

import random

from hypothesis import given
from hypothesis import strategies as st

from sokhan.antispam import likeness
from sokhan.antispam.likeness import MIN_SHINGLES, prints, shingles
from sokhan.antispam.likeness import likeness as alike

# Words of both scripts a flood writes in, for texts long enough to have prints.
WORDS = ["freedom", "statement", "vote", "square", "friday", "workers", "strike", "news",
         "آزادی", "بیانیه", "اعتصاب", "کارگران", "جمعه", "میدان", "خبر", "رأی"]
texts = st.lists(st.sampled_from(WORDS), min_size=12, max_size=60).map(" ".join)


@given(texts, texts)
def test_likeness_is_a_share_between_nothing_and_all(first, second):
    a, b = shingles(first), shingles(second)
    assert 0.0 <= alike(a, b) <= 1.0
    assert alike(a, b) == alike(b, a)
    assert alike(a, a) == 1.0


@given(texts)
def test_a_text_in_another_spelling_has_the_same_prints(text):
    # Arabic kaf and yeh, capitals, a half-space, punctuation and extra spaces: the
    # same words to the matching key, so the same prints.
    respelt = (text.replace("ک", "ك").replace("ی", "ي").upper().replace(" ", " ، \u200c ")
               + "!!!")
    assert prints(respelt) == prints(text)
    assert alike(shingles(respelt), shingles(text)) == 1.0


# Words of both scripts, none the same: a text of 40 of them says something.
distinct_words = st.lists(st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyzابپتسشکگلمنوهی"),
                                  min_size=3, max_size=9), min_size=40, max_size=80,
                          unique_by=likeness.words)


@given(distinct_words, st.integers(0, 39),
       st.sampled_from(["bread", "نان", "http://spam.example/2"]))
def test_a_copy_with_one_word_changed_is_alike(words, where, other):
    # Whether they then share a print is chance, by design (1 - (1 - s^3)^8): the seeded
    # test below counts how often.
    copy = [*words]
    copy[where] = other
    assert alike(shingles(" ".join(words)), shingles(" ".join(copy))) >= 0.7


@given(st.lists(st.sampled_from(WORDS[:8]), min_size=12, max_size=40),
       st.lists(st.sampled_from(WORDS[8:]), min_size=12, max_size=40))
def test_texts_with_no_shingle_in_common_share_no_print(latin, persian):
    first, second = " ".join(latin), " ".join(persian)
    assert alike(shingles(first), shingles(second)) == 0.0
    assert not set(prints(first)) & set(prints(second))


@given(st.text(max_size=MIN_SHINGLES + likeness.SHINGLE - 2))
def test_a_short_text_has_no_prints(text):
    # "Thank you, well said" is written alike by many people: never a print.
    assert prints(text) == ()


def test_prints_are_eight_signed_64_bit_numbers_the_same_on_every_run():
    text = "Vote for the new party on Friday at the square, bring your friends with you"
    found = prints(text)
    assert len(found) == likeness.BANDS == len(set(found))
    assert all(-2**63 <= key < 2**63 for key in found)
    # Stored in the database and compared across processes and machines: no salted hash.
    assert found[0] == 8120372606867439002


def test_copies_are_found_as_often_as_the_banding_promises():
    # 1 - (1 - s^3)^8: about 66 % of pairs at likeness 0.5, 97 % at 0.7, all but one in
    # a few hundred at 0.8. Seeded texts of 40 words with a share of them replaced.
    chance = random.Random(7)
    vocabulary = [f"w{n}" for n in range(2000)]
    found = {}
    for share in (0.1, 0.3):
        pairs = []
        for _ in range(200):
            words = [chance.choice(vocabulary) for _ in range(40)]
            copy = [w if chance.random() > share else chance.choice(vocabulary) for w in words]
            pairs.append((" ".join(words), " ".join(copy)))
        found[share] = sum(bool(set(prints(a)) & set(prints(b))) for a, b in pairs) / 200
    assert found[0.1] > 0.95  # likeness about 0.78
    assert 0.4 < found[0.3] < 0.85  # likeness about 0.5


def test_shingles_are_every_run_of_five_characters_of_the_words():
    assert shingles("Abc, DEFG!") == {"abc d", "bc de", "c def", " defg"}
    assert shingles("abcd") == frozenset()


def test_two_short_remarks_are_not_alike():
    # "Ok!" has no shingle: nothing to share, so no likeness (and no error).
    assert alike(shingles("Ok!"), shingles("Ok!")) == 0.0
    assert alike(frozenset(), shingles("Vote for the new party")) == 0.0


def test_a_text_of_24_shingles_has_prints_and_one_of_23_has_none():
    letters = "abcdefghijklmnopqrstuvwxyz"
    assert len(prints(letters + "12")) == likeness.BANDS  # 28 characters: 24 shingles
    assert prints(letters + "1") == ()


def test_a_short_texts_prints_are_the_same_on_every_run():
    # Nine of its 24 bins are empty and take a neighbour's minimum: stored prints must
    # still be found after an upgrade, so which neighbour may not change either.
    assert prints("abcdefghijklmnopqrstuvwxyz12")[:2] == (3712774343037252933,
                                                          -1717591856955431302)
