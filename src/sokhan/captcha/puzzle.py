"""A proof-of-work puzzle for browsers that run JavaScript, in the open ALTCHA format.

The server picks a secret number n up to ``maxnumber`` and hands out
``challenge = SHA-256(salt + str(n))`` with an HMAC of the challenge (so it needs to keep
nothing: a challenge it did not sign is refused). The browser tries 0, 1, 2, … until one
hashes to the challenge (on average ``maxnumber / 2`` hashes) and sends back, base64'd
JSON, the number with the puzzle it solved: ``{"algorithm", "challenge", "number", "salt",
"signature"}``, the payload of ALTCHA's widget.

Sokhan's salt is the nonce of the CAPTCHA token the puzzle came with, so the token's
once-only nonce and its expiry cover the puzzle too: a solution is good for one comment,
for as long as its image. Pure: no Django.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import secrets
from dataclasses import asdict, dataclass

ALGORITHM = "SHA-256"
LONGEST_PAYLOAD = 1000  # characters: the base64 of a solution is about 250


@dataclass(frozen=True)
class Puzzle:
    """What the browser is given (ALTCHA's challenge JSON)."""

    algorithm: str
    challenge: str
    maxnumber: int
    salt: str
    signature: str

    def as_json(self) -> dict[str, str | int]:
        return asdict(self)


def _sign(key: bytes, challenge: str) -> str:
    return hmac.new(key, challenge.encode(), hashlib.sha256).hexdigest()


def _hash(salt: str, number: int) -> str:
    return hashlib.sha256(f"{salt}{number}".encode()).hexdigest()


def make(key: bytes, salt: str, maxnumber: int,
         rng: secrets.SystemRandom | None = None) -> Puzzle:
    number = (rng or secrets.SystemRandom()).randint(0, maxnumber)
    challenge = _hash(salt, number)
    return Puzzle(ALGORITHM, challenge, maxnumber, salt, _sign(key, challenge))


def solve(puzzle: Puzzle) -> int | None:
    """What the browser does (in captcha.js), for tests and the bench."""
    for number in range(puzzle.maxnumber + 1):
        if _hash(puzzle.salt, number) == puzzle.challenge:
            return number
    return None


def payload(puzzle: Puzzle, number: int) -> str:
    """The solution as the browser sends it."""
    fields = {"algorithm": puzzle.algorithm, "challenge": puzzle.challenge,
              "number": number, "salt": puzzle.salt, "signature": puzzle.signature}
    return base64.b64encode(json.dumps(fields).encode()).decode()


def solved(key: bytes, salt: str, sent: str) -> bool:
    """Whether ``sent`` solves a puzzle this server signed for ``salt``. Never raises:
    whatever a client sends is only right or wrong."""
    if not sent or len(sent) > LONGEST_PAYLOAD:
        return False
    try:
        fields = json.loads(base64.b64decode(sent, validate=True))
        algorithm, challenge, number, their_salt, signature = (
            fields["algorithm"], fields["challenge"], fields["number"], fields["salt"],
            fields["signature"])
    except (binascii.Error, ValueError, TypeError, KeyError):
        return False
    if not (algorithm == ALGORITHM and their_salt == salt and isinstance(challenge, str)
            and isinstance(signature, str) and type(number) is int and number >= 0):
        return False
    # As bytes: compare_digest refuses str with non-ASCII characters (a TypeError).
    return (hmac.compare_digest(signature.encode(), _sign(key, challenge).encode())
            and hmac.compare_digest(challenge.encode(), _hash(salt, number).encode()))


def answer(shown: dict[str, str | int]) -> str:
    """Solve a puzzle as received (its JSON) and give what the browser would send: for
    tests, the bench, and the attacker the docs reckon with."""
    found = Puzzle(str(shown["algorithm"]), str(shown["challenge"]), int(shown["maxnumber"]),
                   str(shown["salt"]), str(shown["signature"]))
    number = solve(found)
    return "" if number is None else payload(found, number)
