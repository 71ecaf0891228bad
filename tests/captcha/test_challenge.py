"""The answer of a CAPTCHA: drawn from a clear alphabet, typed back loosely, checked by a keyed
digest that needs both the site's key and the challenge's nonce."""

from __future__ import annotations

import hashlib
import hmac
import random
import re
import secrets

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sokhan.captcha.challenge import (
    ALPHABET,
    DEFAULT_LENGTH,
    MAX_LENGTH,
    MAX_TYPED,
    MIN_LENGTH,
    digest,
    matches,
    new_answer,
    normalise,
)

KEY = b"k" * 32
NONCE = "c2f1e0a9"


def test_alphabet_is_upper_case_letters_and_digits_without_look_alikes():
    assert len(set(ALPHABET)) == len(ALPHABET)
    assert all(c.isascii() and (c.isupper() or c.isdigit()) for c in ALPHABET)
    # Each pair of look-alikes keeps at most one member, and 0/O/Q, 1/I/l lose all.
    assert not set(ALPHABET) & set("0OQ1Il")
    for pair in ("2Z", "5S", "8B", "UV", "6G", "4A"):
        assert len(set(pair) & set(ALPHABET)) <= 1, pair


@pytest.mark.parametrize("length", range(MIN_LENGTH, MAX_LENGTH + 1))
def test_new_answer_has_the_length_and_only_alphabet_symbols(length):
    rng = random.Random(length)
    for _ in range(200):
        answer = new_answer(rng, length)
        assert len(answer) == length
        assert set(answer) <= set(ALPHABET)


def test_new_answer_defaults_to_six_and_takes_the_system_random():
    assert DEFAULT_LENGTH == 6
    assert len(new_answer(secrets.SystemRandom())) == 6


def test_new_answers_use_the_whole_alphabet():
    rng = random.Random(1)
    assert set("".join(new_answer(rng) for _ in range(500))) == set(ALPHABET)


@pytest.mark.parametrize("length", [0, MIN_LENGTH - 1, MAX_LENGTH + 1, 100])
def test_new_answer_refuses_other_lengths(length):
    with pytest.raises(ValueError, match="5 to 6"):
        new_answer(random.Random(0), length)


@pytest.mark.parametrize(("typed", "expected"), [
    ("AC35DE", "AC35DE"),
    ("ac35de", "AC35DE"),  # case
    ("aC35dE", "AC35DE"),
    ("  AC 35\tDE\n", "AC35DE"),  # spaces, tab, newline
    ("AC\u00a035DE", "AC35DE"),  # no-break space
    ("AC\u200c35\u200dDE", "AC35DE"),  # ZWNJ, ZWJ (a Persian keyboard types them)
    ("\u200fAC35DE\u200e", "AC35DE"),  # right-to-left and left-to-right marks
    ("\u202bAC35DE\u202c\ufeff", "AC35DE"),  # bidi embedding, BOM
    ("AC\u3000\u200935DE", "AC35DE"),  # ideographic and thin spaces
    ("AC۳۵DE", "AC35DE"),  # Persian digits
    ("AC٣٥DE", "AC35DE"),  # Arabic-Indic digits
    ("۱۲۳۴۵۶۷۸۹", "123A56789"),  # every Persian digit (zero and four: see the look-alikes)
    ("٠١٢٣٤٥٦٧٨٩", "D123A56789"),  # every Arabic-Indic digit
    ("ＡＣ３５ｄｅ", "AC35DE"),  # full-width forms (NFKC)
    ("Ａ\u3000Ｃ", "AC"),
    ("z s b v g", "258U6"),  # look-alikes left out of the alphabet mean their partners
    ("o O 0 ۰", "DDDD"),  # the only round symbol left is D
    ("4 ۴ ٤", "AAA"),  # an open 4 is an A turned a little
    ("ش ز ی ث ب ا ت ن م پ د ح ق ف ع ص ط غ", "ACDEFHJKLMNPRTUWXY"),  # the Persian keyboard
    ("شز۳۵یث", "AC35DE"),  # the keyboard left on Persian for the whole answer
    ("ئ ي", "MD"),  # the older Windows layout's M, and D where it types Arabic yeh
    ("", ""),
    ("   \u200c ", ""),
])
def test_normalise(typed, expected):
    assert normalise(typed) == expected


def test_digest_is_hex_sha256_and_needs_key_nonce_and_answer():
    base = digest(KEY, NONCE, "AC35DE")
    assert re.fullmatch("[0-9a-f]{64}", base)
    assert digest(b"other key", NONCE, "AC35DE") != base
    assert digest(KEY, "other nonce", "AC35DE") != base
    assert digest(KEY, NONCE, "AC35DF") != base
    assert digest(KEY, NONCE, " ac 3۵ de ") == base  # computed on the normalised answer


def test_digest_keeps_nonce_and_answer_apart():
    # Without a boundary, ("A2", "CD") and ("A", "2CD") would be the same message.
    assert digest(KEY, "A2", "CD") != digest(KEY, "A", "2CD")


def test_digest_is_the_documented_message_so_a_challenge_outlives_an_upgrade():
    # A challenge drawn before a deploy is checked after it: the message may not drift.
    message = b"sokhan-captcha:8:c2f1e0a9:AC35DE"
    assert digest(KEY, NONCE, " ac35de") == hmac.new(KEY, message, hashlib.sha256).hexdigest()


def test_a_lone_surrogate_typed_or_in_a_nonce_is_a_wrong_answer_not_an_error():
    # Browsers can send them (json.loads lets them in).
    good = digest(KEY, NONCE, "AC35DE")
    assert not matches(KEY, NONCE, good, "AC35\ud800DE")
    assert not matches(KEY, "\udc00", good, "AC35DE")


def test_an_answer_padded_to_64_characters_is_still_read():
    answer = " AC35DE".ljust(MAX_TYPED)
    assert MAX_TYPED == 64
    assert matches(KEY, NONCE, digest(KEY, NONCE, "AC35DE"), answer)
    assert not matches(KEY, NONCE, digest(KEY, NONCE, "AC35DE"), answer + " ")


def test_digest_refuses_an_empty_key():
    with pytest.raises(ValueError, match="secret key"):
        digest(b"", NONCE, "AC35DE")


@pytest.mark.parametrize("typed", ["AC35DE", "ac35de", " a c 3 5 d e ", "AC۳۵DE", "ＡＣ３５ＤＥ",
                                   "ac\u200c35\u00a0de"])
def test_matches_accepts_the_answer_however_typed(typed):
    assert matches(KEY, NONCE, digest(KEY, NONCE, "AC35DE"), typed)


@pytest.mark.parametrize("typed", ["AC35DF", "AC35D", "AC35DEE", "", "ac35de" + " " * MAX_TYPED])
def test_matches_rejects_wrong_answers(typed):
    assert not matches(KEY, NONCE, digest(KEY, NONCE, "AC35DE"), typed)


def test_matches_rejects_another_key_nonce_or_a_forged_digest():
    good = digest(KEY, NONCE, "AC35DE")
    assert not matches(b"other key", NONCE, good, "AC35DE")
    assert not matches(KEY, "other nonce", good, "AC35DE")
    assert not matches(KEY, NONCE, "", "AC35DE")
    assert not matches(KEY, NONCE, good.upper(), "AC35DE")
    assert not matches(KEY, NONCE, "é" * 64, "AC35DE")  # not ASCII: no TypeError either


SPACES = st.sampled_from(["", " ", "\t", "\u00a0", "\u200c", "\u200f", "\u3000", "\n"])


@given(seed=st.integers(0, 2**32), length=st.integers(MIN_LENGTH, MAX_LENGTH),
       data=st.data())
def test_any_answer_matches_in_any_casing_and_spacing(seed, length, data):
    answer = new_answer(random.Random(seed), length)
    typed = "".join(data.draw(SPACES) + (c.lower() if data.draw(st.booleans()) else c)
                    for c in answer) + data.draw(SPACES)
    expected = digest(KEY, NONCE, answer)
    assert matches(KEY, NONCE, expected, typed)
    assert not matches(KEY, NONCE + "x", expected, typed)
