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

# The site's zone decides a statement's year. Tehran's clocks went from 00:00 to 01:00 on
# Nowruz 1359 (21 March 1980); in New York Nowruz is in summer time, New Year's Day is not.
ZONES = ["Asia/Tehran", "America/New_York"]
BORDERS = [(1359, "fa"), (1402, "fa"), (1403, "fa"), (1980, "en"), (2024, "en")]


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


@pytest.mark.parametrize("language", ["en", "fa"])
def test_topics_and_signatories_count_their_public_statements_in_the_page_s_language(
        client, make_statement, make_topic, make_signatory, language):
    from sokhan.publishing.models import Signatory, Statement, Topic

    press, labour, planned = make_topic(), make_topic("labour", "Labour", "کار"), make_topic(
        "planned", "Planned", "برنامه")
    union = make_signatory("union", "The Union", "اتحادیه")
    later = timezone.now() + timedelta(days=1)
    for other in ("en", "fa"):
        make_statement(language=other, topics=[press, labour])
        make_statement(language=other, topics=[press], signatory=union)
        make_statement(language=other)  # of no topic
    make_statement(language="fa", topics=[labour], signatory=union)
    make_statement(language=language, status="draft", topics=[planned, press])
    make_statement(language=language, published_at=later, topics=[planned], signatory=union)
    make_statement(language=language, published_at=timezone.now() - timedelta(seconds=1),
                   topics=[labour])
    now = timezone.now()
    public = [statement for statement in Statement.objects.all()
              if statement.language == language and statement.status != "draft"
              and statement.published_at <= now]
    for model, address in ((Topic, "topics"), (Signatory, "signatories")):
        held = Counter(label for statement in public
                       for label in (statement.topics.all() if model is Topic
                                     else [statement.signatory]))
        labels = client.get(f"/{language}/{address}/").context["labels"]
        assert [(label, label.count) for label in labels] == sorted(
            held.items(), key=lambda pair: pair[0].name().casefold())


@pytest.mark.parametrize("address", ["/fa/archive/", "/en/archive/", "/en/topics/",
                                     "/en/signatories/", "/en/feeds/"])
def test_counting_reads_the_publication_time_index_alone_not_each_statement(
        client, make_statement, make_topic, settings, address):
    # The archive read every public statement's date and placed it in its year in Python,
    # and the topic and signatory lists read every statement of each label from its row:
    # 51–66 and 37 ms a page on 20,000 statements. Counted by the database from an index
    # that holds the language, time, status and signatory: 6 ms.
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL chooses by its statistics (a small table is read whole)")
    settings.SOKHAN_PAGE_CACHE = False
    tricky(make_statement, ZoneInfo(settings.TIME_ZONE))
    make_statement(topics=[make_topic()])
    with CaptureQueriesContext(connection) as done:
        assert client.get(address).status_code == 200
    # The queries that read this language's statements (not, say, the page cache's asking
    # when the next scheduled statement is due).
    plans = []
    with connection.cursor() as cursor:
        for query in done.captured_queries:
            if '"publishing_statement"."language" =' in query["sql"]:
                cursor.execute("EXPLAIN QUERY PLAN " + query["sql"])
                plans.append([row[-1] for row in cursor.fetchall()])
    reads = [step for plan in plans for step in plan if "publishing_statement " in step + " "]
    assert plans and all("COVERING INDEX" in step for step in reads), plans
