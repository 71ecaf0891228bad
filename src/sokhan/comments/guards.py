"""Checks a comment passes before it is saved (the CAPTCHA comes after these).

Guards run in order after the form is valid; the first rejection wins, and its message is
shown with the form (at the comment field when it is about the words: comments/views.py),
with everything the commenter typed kept. The view counts it for the
moderators' dashboard, unless it turns out to be Save pressed twice (not spam).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from sokhan.antispam import guards as spam
from sokhan.antispam.verdict import ACCEPT, Reason, Verdict
from sokhan.comments import keys
from sokhan.comments.models import Block, Comment, email_key
from sokhan.pagecache.generations import RULES
from sokhan.pagecache.kept import Kept
from sokhan.publishing.models import Statement


@dataclass(frozen=True)
class Submission:
    request: HttpRequest
    statement: Statement
    data: dict[str, Any]
    raw: dict[str, str]
    address_hash: str
    period: int
    saving: bool
    earlier: str | None = None  # the address's hash under the previous key (keys.earlier_hash)


@dataclass(frozen=True)
class Blocks:
    """The blocks in force when read, by what a submission is looked up with: until when
    each (key period, address hash) and each e-mail address (its key) is blocked."""

    addresses: dict[tuple[int, str], datetime]
    emails: dict[str, datetime]
    periods: frozenset[int]  # the key periods of the address blocks

    @classmethod
    def load(cls) -> Blocks:
        addresses: dict[tuple[int, str], datetime] = {}
        emails: dict[str, datetime] = {}
        for kind, value, period, until in Block.objects.in_force().values_list("kind", "value", "period", "until"):
            if kind == Block.Kind.EMAIL:
                emails[value] = max(until, emails.get(value, until))
            elif period is not None:  # an address hash means nothing without its period
                addresses[period, value] = max(until, addresses.get((period, value), until))
        return cls(addresses, emails, frozenset(period for period, _hash in addresses))


# Every post is checked against the blocks, and they rarely change: each process keeps
# them until a moderator saves or deletes one (which bumps RULES) — two queries per post
# fewer.
_blocks = Kept(RULES, Blocks.load)


def not_blocked(submission: Submission) -> Verdict:
    """Moderators block an address hash for a while. Said before the CAPTCHA: it tells the
    sender only about their own connection. (E-mail blocks: ``email_blocked``.)"""
    blocks, now = _blocks.get(), timezone.now()
    for period in blocks.periods:
        # A block made in another key period matches the hash made with that period's key.
        if period == submission.period:
            address_hash = submission.address_hash
        elif keys.key_for(period, create=False):
            address_hash = keys.hash_request(submission.request, period)[0]
        else:
            continue
        if blocks.addresses.get((period, address_hash), now) > now:
            return Verdict.reject(Reason.BLOCKED)
    return ACCEPT


def email_blocked(data: dict[str, object]) -> bool:
    """A moderator blocked the e-mail address typed. Asked only once the CAPTCHA is
    solved, and never said: anyone may type anyone's address, and a refusal told them for
    free (a Preview) that its owner had commented here and been blocked. Such a comment is
    kept as spam, out of sight, and its sender told what every sender is told."""
    email = str(data.get("email") or "").strip()
    return bool(email) and _blocks.get().emails.get(
        email_key(email), timezone.now()) > timezone.now()


def held_back(data: dict[str, object], comment: Comment) -> None:
    """A comment kept as spam for its blocked e-mail address becomes the one its block
    names: the block keeps only the address's key, and its page, its lifting in the log
    and the Blocks list lead to the author's latest comment, which keeps the address the
    longest."""
    Block.objects.filter(kind=Block.Kind.EMAIL,
                         value=email_key(str(data.get("email") or ""))).update(comment=comment)


GUARDS: list[Callable[[Submission], Verdict]] = [
    spam.honeypot, not_blocked, spam.rate_limits, spam.content,
]


def may_answer(submission: Submission) -> bool:
    """Whether a sender may have a CAPTCHA answer checked before the form is whole (see
    comments/views.py's Step.answer_checked): not a bot that filled the honeypot, nor a
    blocked address, which Preview refuses before it looks at the CAPTCHA. A pass won
    past them would let either try its answers again, and use them from elsewhere."""
    return all(guard(submission).accepted for guard in (spam.honeypot, not_blocked))


def judge(submission: Submission) -> Verdict:
    for guard in GUARDS:
        verdict = guard(submission)
        if not verdict.accepted:
            return verdict
    return ACCEPT
