"""How many public statements the archive's years, the topics and the signatories hold.

The database counts them (publishing/models/statement.py): the pages must show what
reading every public statement and placing it by hand would, on the statements where that
is easiest to get wrong, and must not read every statement's row to do it.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from sokhan.publishing import years

pytestmark = pytest.mark.django_db
UTC = ZoneInfo("UTC")

# The site's zone decides a statement's year. Tehran's Nowruz fell on its summer-time
# change in 2008 (1387); in New York Nowruz is in summer time, New Year's Day is not.
ZONES = ["Asia/Tehran", "America/New_York"]
BORDERS = [(1387, "fa"), (1402, "fa"), (1403, "fa"), (2008, "en"), (2024, "en")]


def tricky(make_statement, zone: ZoneInfo) -> None:
    """Statements a microsecond either side of each new year (in ``zone``), in both
    languages, beside drafts, a scheduled statement and a mistyped year with no page."""
    for year, calendar in BORDERS:
        start = years.span(year, calendar, zone)[0]
        for moment in (start - timedelta(microseconds=1), start, start + timedelta(seconds=1)):
            for language in ("en", "fa"):
                make_statement(language=language, published_at=moment)
        make_statement(language="fa", status="draft", published_at=start)
        make_statement(status="draft", published_at=start - timedelta(microseconds=1))
    make_statement(language="fa", published_at=datetime(1951, 6, 1, tzinfo=zone))
    for language in ("en", "fa"):
        make_statement(language=language, published_at=timezone.now() + timedelta(days=2))
        make_statement(language=language, published_at=datetime(202, 6, 1, tzinfo=UTC))


def by_hand(language: str, zone: ZoneInfo) -> list[tuple[int, int]]:
    """Every statement read, the public ones of this language kept and placed by the
    day they fall on in ``zone``: newest year first."""
    from sokhan.publishing.models import Statement

    now = timezone.now()
    counted = Counter(
        years.year_of(statement.published_at.astimezone(zone).date(), language)
        for statement in Statement.objects.all()
        if statement.language == language and statement.status != "draft"
        and statement.published_at <= now)
    return sorted(counted.items(), reverse=True)


@pytest.mark.parametrize("zone", ZONES)
@pytest.mark.parametrize("language", ["fa", "en"])
def test_the_archive_counts_each_year_as_reading_every_statement_would(
        client, make_statement, settings, zone, language):
    settings.TIME_ZONE = zone
    tricky(make_statement, ZoneInfo(zone))
    rows = client.get(f"/{language}/archive/").context["years"]
    assert [(row["year"], row["count"]) for row in rows] == by_hand(language, ZoneInfo(zone))
    # The mistyped year is listed, not linked; the others have pages.
    assert [row["year"] for row in rows if not row["page"]] == [
        years.year_of(datetime(202, 6, 1).date(), language)]


def test_an_archive_of_only_mistyped_years_is_counted_too(client, make_statement):
    make_statement(published_at=datetime(202, 6, 1, tzinfo=UTC))
    make_statement(published_at=datetime(202, 7, 1, tzinfo=UTC))
    rows = client.get("/en/archive/").context["years"]
    assert [(row["year"], row["count"], row["page"]) for row in rows] == [(202, 2, False)]
