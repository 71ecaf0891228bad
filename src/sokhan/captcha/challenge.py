"""A CAPTCHA challenge's answer: how it is drawn at random, typed back and checked.

The answer never leaves the server in the clear. What travels (in a signed but readable
token) is ``digest(key, nonce, answer)``: an HMAC, because a plain hash of a 6-character
answer from a 25-symbol alphabet (about 2**28 possibilities) falls to brute force in seconds.

What a person types is compared after :func:`normalise`, so case, spaces, a Persian
keyboard's digits, full-width forms and a look-alike that the alphabet leaves out (O for D,
S for 5) never make a right answer wrong.

Pure: no Django. Randomness and the key are arguments.
"""

from __future__ import annotations

import hashlib
import hmac
import random
import unicodedata

# Uppercase letters and digits a person can tell apart once the image is distorted. Left
# out: the rounds 0, O and Q, the bars 1 and I, and one of each pair that a warp or another
# font makes look alike: 2/Z (keep 2), 5/S (keep 5), 8/B (keep 8), U/V (keep U), 6/G (keep 6),
# 4/A (keep A: the open 4 of many faces, turned and sliced, is an A to most readers; it was
# the commonest slip in a blind reading of the sheet).
ALPHABET = "ACDEFHJKLMNPRTUWXY2356789"
MIN_LENGTH = 5
MAX_LENGTH = 6
DEFAULT_LENGTH = 6

# Longer input than this is not an answer; refuse it before doing any work on it.
MAX_TYPED = 64

# Persian (U+06F0…) and Arabic-Indic (U+0660…) digits are the same digits to a reader; a
# Persian keyboard types the former, an Arabic one the latter. NFKC does not fold them.
_DIGITS = {ord(c): str(i % 10) for i, c in enumerate("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩")}

# Someone who has just written a comment in Persian may type the answer with the Persian
# keyboard still on: each letter of ALPHABET is then the Persian letter on the same key.
# Both Windows layouts (ISIRI 9147, "Persian (Standard)", and the older "Persian") agree on
# these keys but M (پ and ئ); D gives ی, or ي where a layout still types Arabic yeh. No
# answer holds a Persian letter, so nothing right becomes wrong.
_PERSIAN_KEYS = str.maketrans({
    "ش": "A", "ز": "C", "ی": "D", "ي": "D", "ث": "E", "ب": "F", "ا": "H", "ت": "J",
    "ن": "K", "م": "L", "پ": "M", "ئ": "M", "د": "N", "ح": "P", "ق": "R", "ف": "T",
    "ع": "U", "ص": "W", "ط": "X", "غ": "Y",
})

# A look-alike left out of ALPHABET can only have been meant as its partner that is in it
# (a warped or inverted D is the only round symbol left, so O and 0 mean D).
_LOOK_ALIKES = str.maketrans("ZSBVGO04", "258U6DDA")


def new_answer(rng: random.Random, length: int = DEFAULT_LENGTH) -> str:
    """A fresh answer of ``length`` symbols from ALPHABET.

    Pass ``secrets.SystemRandom()`` in production: answers must not be predictable.
    """
    if not MIN_LENGTH <= length <= MAX_LENGTH:
        raise ValueError(f"A CAPTCHA answer has {MIN_LENGTH} to {MAX_LENGTH} symbols, "
                         f"not {length}.")
    return "".join(rng.choice(ALPHABET) for _ in range(length))


def _ignored(char: str) -> bool:
    # Whitespace, and invisible format characters a Persian keyboard or a copy-paste adds:
    # ZWNJ/ZWJ, bidi marks and embeddings, BOM, soft hyphen (all category Cf).
    return char.isspace() or unicodedata.category(char) == "Cf"


def normalise(typed: str) -> str:
    r"""``typed`` as it is compared: NFKC, ASCII digits, no whitespace, upper case, a
    Persian keyboard's letters as the Latin letters on their keys, and look-alikes that the
    alphabet leaves out read as the symbol they resemble.

    >>> normalise(" a\u200cc ۳٤\u00a0ｄ ")
    'AC3AD'
    """
    text = unicodedata.normalize("NFKC", typed).translate(_DIGITS).translate(_PERSIAN_KEYS)
    text = "".join(char for char in text if not _ignored(char)).upper()
    return text.translate(_LOOK_ALIKES)


def _message(nonce: str, answer: str) -> bytes:
    # The nonce's length goes first so no (nonce, answer) pair can pose as another.
    encoded = nonce.encode("utf-8", "surrogatepass")
    return b"sokhan-captcha:%d:%s:%s" % (len(encoded), encoded,
                                          normalise(answer).encode("utf-8", "surrogatepass"))


def digest(key: bytes, nonce: str, answer: str) -> str:
    """HMAC-SHA256 (hex) of the nonce and the normalised answer, under ``key``."""
    if not key:
        raise ValueError("The CAPTCHA digest needs a secret key; an empty key would let "
                         "anyone compute it.")
    return hmac.new(key, _message(nonce, answer), hashlib.sha256).hexdigest()


def matches(key: bytes, nonce: str, expected_digest: str, typed: str) -> bool:
    """Whether ``typed`` is the answer whose digest is ``expected_digest``, in constant time."""
    if len(typed) > MAX_TYPED or not expected_digest.isascii():
        return False
    return hmac.compare_digest(digest(key, nonce, typed), expected_digest)
