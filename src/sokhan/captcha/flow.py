"""The CAPTCHA step of posting a comment, and the challenges shown on form pages.

The statement page carries no challenge (it is the same for everyone). A challenge is
made only when a browser asks: on the page after a first Save or Preview, on "new image",
or by the small script that fetches one when the form gets focus. Only Save needs a
solved challenge; a challenge solved on Preview becomes a pass, so Save does not ask again.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.urls import reverse

from sokhan.antispam import ratelimit
from sokhan.antispam.models import FLOOD_CHALLENGES_PER_MINUTE, Rejection, limit
from sokhan.antispam.outage import REDIS
from sokhan.antispam.verdict import Reason
from sokhan.captcha import nonces, token
from sokhan.captcha.token import Challenge, Outcome

_REASONS = {
    Outcome.WRONG: Reason.CAPTCHA_WRONG, Outcome.EXPIRED: Reason.CAPTCHA_EXPIRED,
    Outcome.TAMPERED: Reason.CAPTCHA_TAMPERED, Outcome.REPLAYED: Reason.CAPTCHA_REPLAYED,
    Outcome.TOO_FAST: Reason.CAPTCHA_TOO_FAST,
}


@dataclass(frozen=True)
class Human:
    """The CAPTCHA's answer for one submission."""

    solved: bool
    reason: Reason | None = None   # why not; None when the commenter has not tried yet
    keep_token: str = ""           # an untried challenge that can be shown again
    pass_token: str = ""           # a challenge solved on Preview
    nonce: str = ""                # of the challenge (or pass) solved, when saving


@dataclass(frozen=True)
class Shown:
    """A challenge as a form shows it."""

    token: str
    image_url: str
    audio_url: str
    answer: str = ""  # only with the test-only hook
    puzzle: dict[str, Any] | None = None  # for the page's script (captcha/puzzle.py)


def verify(raw: dict[str, str], *, saving: bool) -> Human:
    if not settings.SOKHAN_CAPTCHA:
        return Human(True)
    if raw.get("captcha_pass"):
        return _verify_pass(raw["captcha_pass"], saving=saving)
    value, typed = raw.get("captcha_token", ""), raw.get("captcha_answer", "")
    found = token.read(value)
    if found is Outcome.MISSING:
        return Human(False)
    if isinstance(found, Outcome):
        return Human(False, _REASONS[found])
    if not typed.strip():  # a preview before answering, or Save pressed without an answer
        return Human(False, keep_token=value) if _keepable(found, raw) else Human(False)
    if not (claimed := nonces.claim(found.nonce, found.expires)):
        return Human(False, _UNCLAIMED[claimed])
    if found.puzzle and not token.puzzle_solved(found, raw.get("puzzle", "")):
        return Human(False, Reason.CAPTCHA_PUZZLE)
    outcome = token.check(found, typed)
    if outcome is not Outcome.SOLVED:
        return Human(False, _REASONS[outcome])
    if not saving:
        return Human(True, pass_token=token.issue_pass(found))
    return Human(True, nonce=found.nonce)


# Which comment each solved challenge saved, kept with its used nonce (in the database or
# Redis, shared by every process) until the challenge expires: a form sent again (Save
# pressed twice, or Back and "resend") is answered with that comment, not with a new image
# and then "already posted". Only the browser that was shown a challenge holds its token.
def remember_saved(human: Human, comment_id: int) -> None:
    if human.nonce:
        nonces.remember_saved(human.nonce, comment_id)


def saved_with(raw: dict[str, str]) -> int | None:
    """The comment that the challenge (or pass) in this form saved, if any: with a
    challenge, only if the form also carries its right answer. Its token stands in the
    image's and the sound's addresses, which a proxy, a CDN or a browser extension may
    see; with the words, once published, it gave the deletion link to whoever had seen
    it (security review). The answer is known only to someone who read the image. (A
    pass is in the form alone.)"""
    held = _held(raw)
    if held is None:
        return None
    _value, found, is_pass = held
    if not is_pass and token.check(found, raw.get("captcha_answer", "")) is not Outcome.SOLVED:
        return None
    return nonces.saved_by(found.nonce)


def carried(raw: dict[str, str]) -> Human | None:
    """What a refusal before the CAPTCHA is checked (a form error, a spam rule) must not
    throw away: a pass won on Preview, or an image not answered yet. Nothing is claimed:
    they are checked, and used up, when the comment is saved."""
    held = _held(raw)
    if held is None:
        return None
    value, _found, is_pass = held
    return Human(False, pass_token=value) if is_pass else Human(False, keep_token=value)


def _held(raw: dict[str, str]) -> tuple[str, Challenge, bool] | None:
    """The unexpired pass, or else challenge, that a form carries: its value, what it
    reads as, and whether it is a pass."""
    if not settings.SOKHAN_CAPTCHA:
        return None
    passed = raw.get("captcha_pass", "")
    if passed and isinstance(found := token.read_pass(passed), Challenge):
        return passed, found, True
    value = raw.get("captcha_token", "")
    if value and isinstance(found := token.read(value), Challenge) and _keepable(found, raw):
        return value, found, False
    return None


def _keepable(found: Challenge, raw: dict[str, str]) -> bool:
    """Whether an image may be shown again on a form page. Not one whose proof-of-work
    did not come solved: a form page runs no script, so it could never be sent; a new
    image (a form page's, with no puzzle) takes its place."""
    return not found.puzzle or token.puzzle_solved(found, raw.get("puzzle", ""))


def _verify_pass(value: str, *, saving: bool) -> Human:
    found = token.read_pass(value)
    if isinstance(found, Outcome):
        return Human(False, _REASONS.get(found, Reason.CAPTCHA_TAMPERED))
    if not saving:
        return Human(True, pass_token=value)
    if not (claimed := nonces.claim(found.nonce, found.expires)):
        return Human(False, _UNCLAIMED[claimed])
    return Human(True, nonce=found.nonce)


# Why a token's nonce could not be claimed: used before; or issued before the record of
# used tokens began again (Redis restarted empty), which the commenter is told as an
# expiry, with a new image.
_UNCLAIMED = {False: Reason.CAPTCHA_REPLAYED, None: Reason.CAPTCHA_EXPIRED}


# The drawings a kept image must have left to be shown again: the image, and one play of
# its sound (a browser's player may ask twice).
ROOM_TO_SHOW_AGAIN = 3


def shown_again(value: str, room: int = ROOM_TO_SHOW_AGAIN) -> Shown | None:
    """A challenge kept from the last page, to show on a form page again; None if it
    expired, or if fewer than ``room`` of its drawings are left: past them its image came
    back broken and its sound refused, with nothing on the page to say why (readers'
    review, twelve Previews before answering)."""
    found = token.read(value)
    if not isinstance(found, Challenge) or not _room_to_draw(found, room):
        return None
    return _shown(value, found)


def _shown(value: str, found: Challenge) -> Shown:
    answer = token.answer_of(found) if settings.SOKHAN_CAPTCHA_TEST_HOOK else ""
    return Shown(value, reverse("captcha:image", kwargs={"value": value}),
                 reverse("captcha:audio", kwargs={"value": value}), answer)


def _room_to_draw(found: Challenge, room: int) -> bool:
    """Whether ``room`` drawings are left (asking does not count as one)."""
    drawn = REDIS.call(lambda: caches["drawings"].get(_drawings_key(found), 0), 0)
    return int(drawn) + room <= DRAWINGS_PER_CHALLENGE


# Drawings of one challenge (its image, its sound, each again on a reload; a browser's
# audio player may ask twice per play) that its token may ask for. Without a limit, one
# token would let a script have the server draw its sound (the costliest thing an
# anonymous request can ask for) without end; counted per token, not per address, so
# that readers who share one (a Tor exit) do not use up each other's.
DRAWINGS_PER_CHALLENGE = 12


def may_draw(found: Challenge) -> bool:
    """Count one drawing of this challenge; False past the limit. New tokens are what a
    script would need then, and those are limited per address (new_for)."""
    hits = REDIS.call(lambda: _drawn(found), 1)  # fail open, as the rate limits
    if hits == DRAWINGS_PER_CHALLENGE + 1:  # counted once, as the token crosses the line
        Rejection.count_one(Reason.RATE_CHALLENGES)
    return hits <= DRAWINGS_PER_CHALLENGE


def _drawn(found: Challenge) -> int:
    """One counter per token, for as long as the token lives: the drawings of one token
    need no sliding window."""
    drawings, key = caches["drawings"], _drawings_key(found)
    timeout = max(1, int(found.expires - time.time()) + 1)
    if drawings.add(key, 1, timeout=timeout):
        return 1
    try:
        return int(drawings.incr(key))
    except ValueError:  # gone between add and incr (expired, or pushed out by a flood)
        drawings.set(key, 1, timeout=timeout)
        return 1


def _drawings_key(found: Challenge) -> str:
    return f"drawn:{found.nonce}"


def new_for(address_hash: str, earlier: str | None = None, *,
            puzzle: bool = False) -> Shown | Reason:
    """A fresh challenge, unless this address asked for too many this minute (``earlier``:
    its hash under the previous key, just after the key changed). ``puzzle``: with a
    proof-of-work puzzle, when the site sets one (for the page's script; never for a form
    page, which must work without JavaScript)."""
    most = limit(settings.SOKHAN_CHALLENGES_PER_MINUTE, FLOOD_CHALLENGES_PER_MINUTE)
    hits = ratelimit.hit("challenge", address_hash, 60, earlier)
    if hits > most:
        if hits == most + 1:  # once per address as it crosses the line: a flood writes little
            Rejection.count_one(Reason.RATE_CHALLENGES)
        return Reason.RATE_CHALLENGES
    nonces.began()  # before the token's time: a fresh Redis takes it
    value, made = token.issue(puzzle=settings.SOKHAN_PUZZLE_MAX_NUMBER if puzzle else 0)
    shown = _shown(value, made)
    return replace(shown, puzzle=token.puzzle_for(made).as_json()) if made.puzzle else shown
