"""When the next scheduled statement appears: no kept page may outlive that moment.

Scheduled statements need no job to appear (``Statement.objects.public()`` compares with
the clock), so nothing bumps a counter when their time comes. Instead every kept page
expires by then, and shared caches are told the same in s-maxage.
"""

from __future__ import annotations

import math

from django.db.models import Min
from django.utils import timezone

from sokhan.pagecache import counters
from sokhan.pagecache.generations import SITE

# (the SITE counter it was computed for, the moment): one query per change, per worker.
_known: tuple[int, float] | None = None


def next_publication(now: float) -> float:
    """The wall-clock time of the next scheduled publication, or infinity."""
    global _known
    site = counters.generations().read((SITE,))[0]
    if _known is not None and _known[0] == site and now < _known[1]:
        return _known[1]
    from sokhan.publishing.models import Statement, Status

    upcoming = (Statement.objects.exclude(status=Status.DRAFT)
                .filter(published_at__gt=timezone.now())
                .aggregate(first=Min("published_at"))["first"])
    _known = (site, upcoming.timestamp() if upcoming else math.inf)
    return _known[1]
