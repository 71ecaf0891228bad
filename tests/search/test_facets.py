"""Entry keys: newest first by number, and a time range is a key range (pure)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from sokhan.search import facets

NOW = datetime(2025, 3, 8, 12, 0, 0, tzinfo=UTC)


def test_a_later_publication_has_a_higher_key_whatever_the_ids():
    assert facets.key(NOW, 1) > facets.key(NOW - timedelta(seconds=1), 999_999)


def test_the_same_second_is_ordered_by_id():
    assert facets.key(NOW, 7) > facets.key(NOW + timedelta(microseconds=900), 6)


def test_the_statement_id_comes_back_out_of_the_key():
    assert facets.statement_id(facets.key(NOW, 123_456)) == 123_456


@pytest.mark.parametrize(("published", "visible"), [
    (NOW - timedelta(days=1), True), (NOW, True), (NOW + timedelta(seconds=1), False),
    (NOW + timedelta(days=1), False)])
def test_published_by_now_is_a_key_range(published, visible):
    lowest, highest = facets.keys_between(None, NOW)
    assert (lowest <= facets.key(published, 5) <= highest) is visible


def test_a_year_is_a_key_range():
    start, end = datetime(2024, 1, 1, tzinfo=UTC), datetime(2025, 1, 1, tzinfo=UTC)
    lowest, highest = facets.keys_between(start, end - timedelta(microseconds=1))
    assert lowest <= facets.key(start, 1) <= highest
    assert lowest <= facets.key(end - timedelta(seconds=1), 1) <= highest
    assert not lowest <= facets.key(end, 1) <= highest
    assert not lowest <= facets.key(start - timedelta(seconds=1), 1) <= highest


def test_keys_fit_sixty_three_bits_from_1900_to_the_last_archive_year():
    assert 0 <= facets.key(datetime(1900, 1, 1, tzinfo=UTC), 1)
    assert facets.key(datetime(2999, 12, 31, tzinfo=UTC), facets.ID_MASK) < 2**63


def test_an_id_too_large_for_the_key_fails_loudly():
    with pytest.raises(facets.StatementIdTooLarge, match="27 bits"):
        facets.key(NOW, facets.ID_MASK + 1)
