"""Challenge tokens: everything about a challenge, signed, so the server stores nothing.

A token carries a random nonce, the answer's keyed digest (to check an answer), the answer
encrypted with a keystream derived from the site's secret and the nonce (so the image and
sound can be drawn on request from the token alone) and the moment it was made (for the
expiry and the minimum time). Django's signing protects it against changes; each nonce is
accepted once (see :mod:`sokhan.captcha.nonces`).
"""

from __future__ import annotations

import enum
import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass

from django.conf import settings
from django.core import signing

from sokhan.captcha import challenge, puzzle
from sokhan.captcha.puzzle import Puzzle

SALT = "sokhan.captcha.token"
PASS_SALT = "sokhan.captcha.pass"


class Outcome(enum.Enum):
    SOLVED = "solved"
    WRONG = "wrong"
    EXPIRED = "expired"
    TAMPERED = "tampered"
    REPLAYED = "replayed"
    TOO_FAST = "too_fast"
    MISSING = "missing"


@dataclass(frozen=True)
class Challenge:
    nonce: str
    digest: str
    sealed: str
    issued: float
    # A challenge fetched by the page's script comes with a proof-of-work puzzle whose salt
    # is the nonce (captcha/puzzle.py): the puzzle's largest number, or 0 for none.
    puzzle: int = 0

    @property
    def expires(self) -> float:
        return self.issued + settings.SOKHAN_CAPTCHA_TTL


def _key(purpose: str) -> bytes:
    return hmac.new(settings.SECRET_KEY.encode(), purpose.encode(), hashlib.sha256).digest()


def _keystream(nonce: str, length: int) -> bytes:
    stream = hmac.new(_key("captcha-seal"), nonce.encode(), hashlib.sha256).digest()
    return stream[:length]


def _seal(nonce: str, answer: str) -> str:
    data = answer.encode()
    return bytes(a ^ b for a, b in zip(data, _keystream(nonce, len(data)), strict=True)).hex()


def answer_of(found: Challenge) -> str:
    data = bytes.fromhex(found.sealed)
    return bytes(a ^ b for a, b in zip(data, _keystream(found.nonce, len(data)),
                                       strict=True)).decode()


def issue(rng: secrets.SystemRandom | None = None, *,
          puzzle: int = 0) -> tuple[str, Challenge]:
    """A new challenge and its token (``puzzle``: see Challenge)."""
    rng = rng or secrets.SystemRandom()
    answer = challenge.new_answer(rng, settings.SOKHAN_CAPTCHA_LENGTH)
    nonce = secrets.token_urlsafe(16)
    made = Challenge(nonce, challenge.digest(_key("captcha-digest"), nonce, answer),
                     _seal(nonce, answer), time.time(), puzzle)
    payload: dict[str, str | float | int] = {
        "n": made.nonce, "d": made.digest, "s": made.sealed, "t": made.issued}
    if puzzle:
        payload["w"] = puzzle
    return signing.dumps(payload, salt=SALT, compress=False), made


def puzzle_for(found: Challenge) -> Puzzle:
    """A proof-of-work puzzle for a challenge just issued with one (salted with its nonce).
    Made once, when the script fetches the challenge: the server keeps nothing of it."""
    return puzzle.make(_key("captcha-puzzle"), found.nonce, found.puzzle)


def puzzle_solved(found: Challenge, sent: str) -> bool:
    return puzzle.solved(_key("captcha-puzzle"), found.nonce, sent)


def read(token: str) -> Challenge | Outcome:
    """The challenge in a token, or why there is none."""
    if not token:
        return Outcome.MISSING
    try:
        payload = signing.loads(token, salt=SALT)
        found = Challenge(str(payload["n"]), str(payload["d"]), str(payload["s"]),
                          float(payload["t"]), int(payload.get("w", 0)))
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return Outcome.TAMPERED
    if time.time() > found.expires or not _drawable(found):
        return Outcome.EXPIRED
    return found


def _drawable(found: Challenge) -> bool:
    """Whether the answer is still of the alphabet. A token issued before an upgrade that
    left a symbol out (4, on 2026-12-02) could no longer be drawn, spoken or typed: to its
    commenter it has expired, and the form brings a new one."""
    try:
        return set(answer_of(found)) <= set(challenge.ALPHABET)
    except ValueError:  # not hex, or not UTF-8: only a token we never issued
        return False


def check(found: Challenge, typed: str) -> Outcome:
    """Right, wrong or too fast: the nonce must be claimed by the caller in any case."""
    if time.time() < found.issued + settings.SOKHAN_CAPTCHA_MIN_SECONDS:
        return Outcome.TOO_FAST
    if challenge.matches(_key("captcha-digest"), found.nonce, found.digest, typed):
        return Outcome.SOLVED
    return Outcome.WRONG


def issue_pass(found: Challenge) -> str:
    """After a solved challenge on Preview: the Save that follows need not ask again."""
    return signing.dumps({"n": found.nonce, "t": found.issued}, salt=PASS_SALT)


def read_pass(value: str) -> Challenge | Outcome:
    if not value:
        return Outcome.MISSING
    try:
        payload = signing.loads(value, salt=PASS_SALT)
        found = Challenge("pass-" + str(payload["n"]), "", "", float(payload["t"]))
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return Outcome.TAMPERED
    if time.time() > found.expires:
        return Outcome.EXPIRED
    return found
