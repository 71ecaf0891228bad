"""Decisions as values: a rule answers with a Verdict carrying an enum reason. Pure."""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Reason(enum.Enum):
    ACCEPTED = "accepted"
    HONEYPOT = "honeypot"
    BLOCKED = "blocked"
    RATE_MINUTE = "rate_minute"
    RATE_HOUR = "rate_hour"
    RATE_CHALLENGES = "rate_challenges"
    RATE_PREVIEWS = "rate_previews"
    TOO_MANY_LINKS = "too_many_links"
    DISALLOWED_WORD = "disallowed_word"
    DUPLICATE = "duplicate"
    CAPTCHA_WRONG = "captcha_wrong"
    CAPTCHA_EXPIRED = "captcha_expired"
    CAPTCHA_TAMPERED = "captcha_tampered"
    CAPTCHA_REPLAYED = "captcha_replayed"
    CAPTCHA_TOO_FAST = "captcha_too_fast"
    CAPTCHA_PUZZLE = "captcha_puzzle"  # the script's proof-of-work missing or wrong
    # Not refused: kept as spam, out of sight, like a comment marked as spam (comments/alike.py)
    LIKE_SPAM = "like_spam"


@dataclass(frozen=True)
class Verdict:
    accepted: bool
    reason: Reason

    @classmethod
    def reject(cls, reason: Reason) -> Verdict:
        return cls(False, reason)


ACCEPT = Verdict(True, Reason.ACCEPTED)
