"""Moving a statement between draft, scheduled and published.

Every path that saves a statement (the admin, import, the demo) calls :func:`settle`
so that the stored status matches the publication time and the slug locks once the
statement has been out.
"""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from sokhan.publishing.models import Statement, Status


def settle(statement: Statement, now: datetime | None = None) -> None:
    """Scheduled or published follows from the time; a draft stays a draft.

    ``first_published_at`` is when readers could first see the statement. Scheduling
    records the time it will be out (it appears then without being saved again); until
    that time comes it is only a plan, which publishing sooner, scheduling later or
    withdrawing to a draft replaces.
    """
    now = now or timezone.now()
    first = statement.first_published_at
    if first is not None and first > now:  # a plan, not yet a fact
        statement.first_published_at = None
    if statement.status == Status.DRAFT:
        return
    statement.status = Status.PUBLISHED if statement.published_at <= now else Status.SCHEDULED
    if statement.first_published_at is None:
        statement.first_published_at = statement.published_at


def slug_is_locked(statement: Statement, now: datetime | None = None) -> bool:
    """Once readers could have seen (and linked to) a statement, its address stays."""
    first = statement.first_published_at
    return first is not None and first <= (now or timezone.now())
