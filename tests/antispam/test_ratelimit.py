"""The sliding window behind every rate limit, on the real cache, at any moments."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import time_machine
from django.core.cache import cache
from hypothesis import given, settings
from hypothesis import strategies as st

from sokhan.antispam import ratelimit

START = datetime(2026, 12, 3, 11, 58, 41, tzinfo=UTC)  # just before a clock hour turns
moments = st.lists(st.floats(min_value=0, max_value=400, allow_nan=False), max_size=25)


def at(seconds: float):
    return time_machine.travel(START + timedelta(seconds=seconds), tick=False)


@settings(max_examples=60, deadline=None)
@given(hits=moments, later=st.floats(min_value=0, max_value=120, allow_nan=False))
def test_a_minute_counts_every_hit_of_the_last_60_seconds_and_none_older_than_70(
        hits, later):
    cache.clear()
    hits = sorted(hits)
    for n, moment in enumerate(hits):
        with at(moment):
            total = ratelimit.hit("comment", "a" * 64, 60)
        # What a hit reports is what a count just after it sees.
        with at(moment):
            assert ratelimit.count("comment", "a" * 64, 60) == total
        assert total >= sum(1 for h in hits[:n + 1] if h > moment - 60)
    now = (hits[-1] if hits else 0) + later
    with at(now):
        counted = ratelimit.count("comment", "a" * 64, 60)
    assert sum(1 for h in hits if h > now - 60) <= counted
    assert counted <= sum(1 for h in hits if h > now - 70)


def test_each_address_and_each_kind_counts_apart():
    cache.clear()
    with at(0):
        ratelimit.hit("comment", "a" * 64, 60)
        ratelimit.hit("comment", "a" * 64, 3600)
        assert ratelimit.count("comment", "b" * 64, 60) == 0
        assert ratelimit.count("challenge", "a" * 64, 60) == 0
        assert ratelimit.count("comment", "a" * 64, 3600) == 1


def test_what_is_given_back_no_longer_counts():
    cache.clear()
    with at(0):
        ratelimit.hit("comment", "a" * 64, 60)
        total, key = ratelimit.take("comment", "a" * 64, 60)
        assert total == 2
        ratelimit.give_back(key)
        assert ratelimit.count("comment", "a" * 64, 60) == 1
    with at(100):  # long expired: giving back is a no-op, not an error
        ratelimit.give_back(key)
        assert ratelimit.count("comment", "a" * 64, 60) == 0
