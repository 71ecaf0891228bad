"""One corpus, one table of queries and the results they must give — in this order — on
whichever database the suite runs on: `make test` runs it on SQLite, `make test-postgres`
(DATABASE_URL=postgres://…) on PostgreSQL, and both must give this table."""

from __future__ import annotations

import importlib
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.utils import timezone

from sokhan.search import facets
from sokhan.search.backends import Filters, current, postgres, sqlite
from sokhan.search.models import Entry
from sokhan.search.normaliser import parse_query
from tests.search.test_search_page import HOSTILE

pytestmark = pytest.mark.django_db
TEHRAN = ZoneInfo("Asia/Tehran")
MIGRATION = importlib.import_module("sokhan.search.migrations.0001_initial")

SIGNATORIES = {
    "board": ("Executive Board", "هیئت اجرایی"),
    "council": ("Central Council", "شورای مرکزی"),
    "women": ("Women's Committee", "کمیته زنان"),
}
TOPICS = {
    "press": ("Press freedom", "آزادی مطبوعات"),
    "labour": ("Labour rights", "حقوق کارگران"),
    "prisoners": ("Political prisoners", "زندانیان سیاسی"),
}
# name: (title, language, signatory, topics, date, summary, body[, status])
CORPUS = {
    "E1": ("On the Arrest of Journalists", "en", "board", ["press"], (2023, 9, 3),
           "We condemn the arrest of four journalists.",
           "<p>Four journalists were arrested in the capital. A free press is no crime.</p>"),
    "E2": ("Decent Work, Fair Wages", "en", "council", ["labour"], (2024, 4, 30),
           "Solidarity with workers on May Day.",
           "<p>We stand with workers and their right to <em>free</em> unions.</p>"),
    "E3": ("Free and Fair Elections", "en", "council", [], (2024, 2, 1),
           "Elections must be free.", "<p>Voters must be able to choose.</p>"),
    "E4": ("Hunger Strike in Evin", "en", "board", ["prisoners"], (2025, 1, 12),
           "Five political prisoners are on hunger strike.",
           "<p>Their lives are at risk. Journalists in prison have joined the strike.</p>"),
    "E5": ("Draft on journalists", "en", "board", ["press"], (2023, 1, 1), "", "<p>x</p>",
           "draft"),
    "F1": ("بیانیه درباره بازداشت روزنامه‌نگاران", "fa", "board", ["press"], (2023, 9, 3),
           "بازداشت چهار روزنامه‌نگار را محکوم می‌کنیم.",
           "<p>ما می‌خواهیم که روزنامه‌نگاران آزاد شوند. مطبوعات آزاد جرم نیست.</p>"),
    "F2": ("کار شایسته، دستمزد عادلانه", "fa", "council", ["labour"], (2024, 4, 30),
           "همبستگی با کارگران در روز جهانی کارگر.",
           "<p>ما در کنار كارگران هستيم و از حق تشكل مستقل دفاع مي كنيم.</p>"),
    "F3": ("اعتصاب غذای زندانیان سیاسی", "fa", "board", ["prisoners"], (2025, 1, 12),
           "پنج زندانی سیاسی در اعتصاب غذا هستند.",
           "<p>جان آنان در خطر است. ما میخواهیم که آزاد شوند.</p>"),
    "F4": ("روز جهانی زن ۱۴۰۳", "fa", "women", [], (2025, 3, 8),
           "زنان ایران برای آزادی می‌جنگند.",
           "<p>حقوق زنان، حقوق بشر است. ما خواهان برابری هستیم.</p>"),
}

# (words, filters) → the corpus names found, best first.
EXPECTED = [
    ("journalists", {}, ["E1", "E4"]),  # title before body; never the draft
    ("JOURNALISTS", {}, ["E1", "E4"]),
    ("press freedom", {"language": "en"}, ["E1"]),  # both words in a topic name
    ("free", {"language": "en"}, ["E3", "E2", "E1"]),  # title, then body matches newest first
    ("workers", {}, ["E2"]),
    ("کارگران", {}, ["F2", "E2"]),  # a topic name in both languages' statements
    ("كارگران", {}, ["F2", "E2"]),  # typed with Arabic kaf
    ("میخواهیم", {"language": "fa"}, ["F3", "F1"]),  # joined and ZWNJ forms, newest first
    ("می خواهیم", {"language": "fa"}, ["F3", "F1"]),
    ("روزنامه نگاران", {"language": "fa"}, ["F1"]),
    ("زندانيان سياسي", {"language": "fa"}, ["F3"]),  # Arabic yeh
    ("زندانيان سياسي", {}, ["F3", "E4"]),  # title before topic name, though not newer
    ("1403", {}, ["F4"]),  # Persian digits in the title
    ("حقوق بشر", {}, ["F4"]),
    ("حقوق", {"language": "fa"}, ["F2", "F4"]),  # topic name before body, though older
    ("strike", {}, ["E4"]),
    ("council", {}, ["F2", "E2", "E3"]),  # signatory names; same time: later id first
    ("مطبوعات", {}, ["F1", "E1"]),
    ("journalists", {"year": "2025"}, ["E4"]),
    ("journalists", {"topic": "press"}, ["E1"]),
    ("آزادی", {"signatory": "women"}, ["F4"]),
    ("آزادی", {"language": "fa", "year": "2023"}, ["F1"]),
    ("unicorn", {}, []),
    ('"journalists" (arrest*', {}, ["E1"]),  # quotes, brackets and stars are separators
    ('journalists OR unicorn', {}, []),  # operators are words like any other
]


@pytest.fixture
def corpus(make_statement, make_signatory, make_topic) -> dict[str, Any]:
    signatories = {slug: make_signatory(slug, *names) for slug, names in SIGNATORIES.items()}
    topics = {slug: make_topic(slug, *names) for slug, names in TOPICS.items()}
    made = {}
    for name, (title, language, signatory, topic_slugs, day, summary, body, *status) in (
            CORPUS.items()):
        made[name] = make_statement(
            title, language=language, signatory=signatories[signatory],
            topics=[topics[slug] for slug in topic_slugs], summary=summary, body=body,
            published_at=datetime(*day, 12, 0, tzinfo=TEHRAN), slug=name.lower(),
            status=status[0] if status else "published")
    return made


@pytest.mark.parametrize(("words", "filters", "expected"), EXPECTED,
                         ids=[f"{w}|{f}" for w, f, _ in EXPECTED])
def test_the_corpus_gives_the_same_results_on_every_database(corpus, find, words, filters,
                                                             expected):
    titles = {statement.title: name for name, statement in corpus.items()}
    assert [titles[title] for title in find(words, **filters)] == expected


def test_the_backend_matches_the_database_in_use():
    assert type(current()).__module__.rsplit(".", 1)[-1] == {
        "sqlite": "sqlite", "postgresql": "postgres"}[connection.vendor]


@pytest.mark.parametrize("q", HOSTILE, ids=[repr(q[:20]) for q in HOSTILE])
def test_no_query_reaches_the_database_as_syntax(corpus, q):
    backend, query = current(), parse_query(q)
    everything = Filters((), 0, facets.keys_between(None, timezone.now())[1])
    backend.count(query, everything)
    backend.page(query, everything, 0, 10)
    backend.page(query, everything, 5, 10)


def test_query_expressions_quote_every_term():
    query = parse_query('a "b" OR c')
    assert sqlite.expression(query) == '(("a")) AND (("b")) AND (("or")) AND (("c"))'
    assert postgres.expression(query) == "(('a')) & (('b')) & (('or')) & (('c'))"
    assert postgres.expression(query, "A") == "(('a':A)) & (('b':A)) & (('or':A)) & (('c':A))"


@pytest.mark.parametrize("words", ["free", "council", "journalists", "آزادی", "ما"])
def test_every_page_of_the_ranking_is_a_slice_of_the_whole(corpus, words):
    backend, query = current(), parse_query(words)
    everything = Filters((), 0, facets.keys_between(None, timezone.now())[1])
    whole = backend.page(query, everything, 0, 100)
    assert len(whole) == backend.count(query, everything) >= 2
    for offset in range(len(whole) + 1):
        for limit in range(1, 4):
            assert backend.page(query, everything, offset, limit) == whole[offset:offset + limit]


def test_a_word_in_a_facet_is_not_a_filter(corpus, find):
    # Facets live in their own column, which a reader's words never reach.
    assert find("langen") == [] and find(f"topic{corpus['E1'].topics.get().pk}") == []


def test_every_statement_but_a_draft_has_one_entry(corpus):
    assert set(Entry.objects.values_list("pk", flat=True)) == {
        s.pk for s in corpus.values() if s.status != "draft"}


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's FTS5 table")
def test_sqlite_schema_is_what_the_backend_expects(corpus):
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
                       "AND tbl_name = 'search_entry'")
        assert dict(cursor.fetchall()) == sqlite.TRIGGERS
        cursor.execute("SELECT sql FROM sqlite_master WHERE name = 'search_fts'")
        assert cursor.fetchone()[0] == sqlite.CREATE_TABLE
    assert MIGRATION.SQLITE == [sqlite.CREATE_TABLE, *sqlite.TRIGGERS.values()]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's FTS5 table")
def test_sqlite_fts_index_stays_consistent_through_changes_and_rebuilds(corpus):
    from sokhan.search import index

    corpus["E1"].title = "Renamed"
    corpus["E1"].save()
    corpus["E2"].delete()
    index.rebuild()
    corpus["E3"].delete()
    with connection.cursor() as cursor:
        # Raises "database disk image is malformed" when the index and content differ.
        cursor.execute("INSERT INTO search_fts(search_fts, rank) VALUES ('integrity-check', 1)")
        cursor.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger' "
                       "AND tbl_name = 'search_entry'")
        assert len(cursor.fetchall()) == 3


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's tsvector")
def test_postgresql_takes_each_term_as_one_lexeme(corpus):
    # The normaliser's terms must reach the index unchanged, as they reach FTS5.
    with connection.cursor() as cursor:
        for entry in Entry.objects.all():
            for column in ("title", "names", "summary", "body", "facets"):
                key = getattr(entry, column)
                cursor.execute("SELECT tsvector_to_array(to_tsvector('simple', %s))", [key])
                assert set(cursor.fetchone()[0]) == set(key.split()), (entry.pk, column)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's tsvector")
def test_postgresql_schema_is_what_the_backend_expects():
    assert MIGRATION.POSTGRESQL == [postgres.ADD_DOCUMENT, postgres.ADD_FACETS,
                                    *postgres.CREATE_INDEXES]
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE tablename = 'search_entry' "
                       "AND indexdef LIKE '%USING gin%' ORDER BY indexname")
        assert [row[0].split("USING ")[1] for row in cursor.fetchall()] == [
            "gin (document)", "gin (facet_vector)"]


def test_the_migration_indexes_existing_statements_as_the_index_does(corpus):
    from django.apps import apps

    from sokhan.search import index

    expected = {entry.pk: entry for entry in (index.entry_for(s) for s in corpus.values()
                                              if s.status != "draft")}
    Entry.objects.all().delete()
    MIGRATION.index_existing(apps, None)
    columns = ("key", "title", "names", "summary", "body", "facets")
    assert {e.pk: [getattr(e, c) for c in columns] for e in Entry.objects.all()} == {
        pk: [getattr(e, c) for c in columns] for pk, e in expected.items()}
