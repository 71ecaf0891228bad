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
    """Moderators block an address hash or an e-mail address for a while.

    One query: the blocks that match this address or e-mail now, plus the address blocks
    made in earlier key periods, which match the hash made with that period's key.
    """
    email = str(submission.data.get("email") or "").strip().lower()
    here = (Q(period=submission.period, value=submission.address_hash)
            | ~Q(period=submission.period) & Q(period__isnull=False))
    wanted = Q(kind=Block.Kind.ADDRESS) & here
    if email:
        wanted |= Q(kind=Block.Kind.EMAIL, value=email)
    found = Block.objects.filter(wanted, until__gt=timezone.now()).values_list(
        "kind", "period", "value")
    earlier: dict[int, str | None] = {}
    for kind, period, value in found:
        if kind == Block.Kind.EMAIL or period == submission.period:
            return Verdict.reject(Reason.BLOCKED)
        if period not in earlier:
            earlier[period] = (keys.hash_request(submission.request, period)[0]
                               if keys.key_for(period, create=False) else None)
        if value == earlier[period]:
            return Verdict.reject(Reason.BLOCKED)
    return ACCEPT


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
