"""The spam layers that run on every comment before the CAPTCHA is checked."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings

from sokhan import textformat
from sokhan.antispam import ratelimit, rules
from sokhan.antispam.models import (
    FLOOD_COMMENTS_PER_HOUR,
    FLOOD_COMMENTS_PER_MINUTE,
    DisallowedWord,
    Rejection,
    limit,
)
from sokhan.antispam.verdict import ACCEPT, Reason, Verdict
from sokhan.pagecache.generations import RULES
from sokhan.pagecache.kept import Kept

if TYPE_CHECKING:
    from sokhan.comments.guards import Submission

def honeypot(submission: Submission) -> Verdict:
    if not settings.SOKHAN_HONEYPOT:
        return ACCEPT
    return rules.honeypot(str(submission.raw.get("website", "")))


def _limits() -> tuple[tuple[int, int, Reason], ...]:
    return ((60, limit(settings.SOKHAN_COMMENTS_PER_MINUTE, FLOOD_COMMENTS_PER_MINUTE),
             Reason.RATE_MINUTE),
            (3600, limit(settings.SOKHAN_COMMENTS_PER_HOUR, FLOOD_COMMENTS_PER_HOUR),
             Reason.RATE_HOUR))


def rate_limits(submission: Submission) -> Verdict:
    """Previews count against their own limit; Saves against it too, and against the
    comments' limits.

    A Save runs the rules of what was written before its CAPTCHA is checked, as a Preview
    does: sent without an answer, it told, as freely as a Preview, whether words were on
    the moderators' list (security review). Two a comment (the first Save, then the one
    with the answer) are far below the limit. A first look, before the CAPTCHA is checked, so that an
    address over its limit is told at once; `claim` is what holds when several saves
    arrive together.
    """
    checked = previews(submission)
    if not submission.saving or not checked.accepted:
        return checked
    for window, most, reason in _limits():
        verdict = rules.rate(ratelimit.count("comment", submission.address_hash, window,
                                             submission.earlier), most, reason)
        if not verdict.accepted:
            return verdict
    return ACCEPT


def previews(submission: Submission) -> Verdict:
    """A preview asks for no CAPTCHA, and runs every rule of what was written: without a
    limit, a script could render them without end, and try every word against the
    moderators' list of disallowed ones to learn it (security review). Generous: a person
    previews a few times a comment, and one address may be many people."""
    hits = ratelimit.hit("preview", submission.address_hash, 60, submission.earlier)
    most = settings.SOKHAN_PREVIEWS_PER_MINUTE
    if hits == most + 1:  # once per address as it crosses the line: a flood writes little
        Rejection.count_one(Reason.RATE_PREVIEWS)
    return rules.rate(hits - 1, most, Reason.RATE_PREVIEWS)


# Refusals counted for the dashboard where they are made, once per address crossing the
# line, not by the view for each request refused.
COUNTED_AT_THE_LINE = frozenset({Reason.RATE_PREVIEWS})


@dataclass(frozen=True)
class Claim:
    """A save's place in the rate limits, or why it has none."""

    verdict: Verdict
    taken: tuple[str, ...] = ()

    def give_back(self) -> None:
        """The comment was not saved after all: it does not count."""
        for key in self.taken:
            ratelimit.give_back(key)


def claim(address_hash: str, earlier: str | None = None) -> Claim:
    """Count one saved comment, just before it is saved, or refuse it if that is one too many.

    Counting and checking are one atomic step: two saves from one address that pass
    `rate_limits` at the same moment (in two processes, with a stock of solved CAPTCHAs)
    cannot both be the last one allowed.
    """
    taken: list[str] = []
    for window, most, reason in _limits():
        total, key = ratelimit.take("comment", address_hash, window, earlier)
        taken.append(key)
        verdict = rules.rate(total - 1, most, reason)
        if not verdict.accepted:
            Claim(verdict, tuple(taken)).give_back()
            return Claim(verdict)
    return Claim(ACCEPT, tuple(taken))


# Read by every post, edited rarely: kept in each process until a moderator changes the list.
_disallowed = Kept(RULES, lambda: tuple(DisallowedWord.objects.values_list("phrase",
                                                                         flat=True)))


def content(submission: Submission) -> Verdict:
    text = str(submission.data.get("comment", ""))
    links = textformat.count_links(text)
    verdict = rules.link_limit(links, settings.SOKHAN_MAX_LINKS)
    if not verdict.accepted:
        return verdict
    # The homepage too: a flood that keeps its words clean names its site there.
    written = (str(submission.data.get(field) or "")
               for field in ("comment", "subject", "name", "homepage"))
    verdict = rules.disallowed_words("\n".join(written), _disallowed.get())
    # No look for the same text here: answered before the CAPTCHA (or on Preview), it
    # told anyone, for free and without limit, whether given words had been sent to this
    # statement today, pending ones included. posting.save looks as it writes, once the
    # CAPTCHA is solved.
    return verdict
