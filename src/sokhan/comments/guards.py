"""Checks a comment passes before it is saved (the CAPTCHA comes after these).

Guards run in order after the form is valid; the first rejection wins, is counted for the
moderators' dashboard, and its message is shown above the form with everything the
commenter typed kept.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone

from sokhan.antispam import guards as spam
from sokhan.antispam.models import Rejection
from sokhan.antispam.verdict import ACCEPT, Reason, Verdict
from sokhan.comments import keys
from sokhan.comments.models import Block
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


def not_blocked(submission: Submission) -> Verdict:
    """Moderators block an address hash or an e-mail address for a while."""
    active = Block.objects.filter(until__gt=timezone.now())
    wanted = Q(kind=Block.Kind.ADDRESS, period=submission.period,
               value=submission.address_hash)
    # Blocks made in earlier key periods match the hash made with that period's key.
    for period in set(active.filter(kind=Block.Kind.ADDRESS).exclude(
            period=submission.period).values_list("period", flat=True)):
        if period is not None and keys.key_for(period, create=False):
            old_hash, _period = keys.hash_request(submission.request, period)
            wanted |= Q(kind=Block.Kind.ADDRESS, period=period, value=old_hash)
    email = str(submission.data.get("email") or "").strip().lower()
    if email:
        wanted |= Q(kind=Block.Kind.EMAIL, value=email)
    return Verdict.reject(Reason.BLOCKED) if active.filter(wanted).exists() else ACCEPT


GUARDS: list[Callable[[Submission], Verdict]] = [
    spam.honeypot, not_blocked, spam.rate_limits, spam.content,
]


def judge(submission: Submission) -> Verdict:
    for guard in GUARDS:
        verdict = guard(submission)
        if not verdict.accepted:
            Rejection.count_one(verdict.reason)
            return verdict
    return ACCEPT
