"""Checks a comment passes before it is saved, each answering with a verdict.

Guards run in order after the form is valid; the first rejection wins and its message is
shown above the form, with everything the commenter typed kept. The CAPTCHA and the spam
rules add their guards to :data:`GUARDS`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sokhan.comments import keys
from sokhan.comments.models import Block
from sokhan.publishing.models import Statement


@dataclass(frozen=True)
class Submission:
    request: HttpRequest
    statement: Statement
    data: dict[str, Any]
    address_hash: str
    period: int


@dataclass(frozen=True)
class Verdict:
    accepted: bool
    reason: str = ""
    message: str = ""


ACCEPT = Verdict(True)


def not_blocked(submission: Submission) -> Verdict:
    """Moderators block an address hash or an e-mail address for a while."""
    now = timezone.now()
    active = Block.objects.filter(until__gt=now)
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
    if active.filter(wanted).exists():
        return Verdict(False, "blocked", str(_("Comments from your connection or e-mail "
                                                "address are not accepted at the moment.")))
    return ACCEPT


GUARDS: list[Callable[[Submission], Verdict]] = [not_blocked]


def judge(submission: Submission) -> Verdict:
    for guard in GUARDS:
        verdict = guard(submission)
        if not verdict.accepted:
            return verdict
    return ACCEPT
