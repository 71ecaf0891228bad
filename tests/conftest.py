"""Shared fixtures: a throw-away data folder, and small makers for the publishing models."""

from __future__ import annotations

from datetime import datetime, timedelta

# tests/environment.py (loaded with -p) sets SOKHAN_DATA_DIR before Django starts.
import hypothesis
import pytest
from django.utils import timezone

from sokhan.website.translations import compile_catalogues

compile_catalogues()

# Property tests say what a function does, not how fast: speed is bench/'s. Hypothesis's
# 200 ms deadline per example, and its health check on slow data, failed a property test
# that took 528 ms once on a machine busy with other work (0.5 ms when run again).
hypothesis.settings.register_profile(
    "sokhan", deadline=None, suppress_health_check=[hypothesis.HealthCheck.too_slow])
hypothesis.settings.load_profile("sokhan")


@pytest.fixture(autouse=True)
def _plain_static_files(settings):
    # The hashed-name storage needs `collectstatic` first; tests render templates without it.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _fresh_cache():
    # Rate-limit counters live in the cache; each test starts with none.
    from django.core.cache import cache, caches

    from sokhan.antispam.outage import REDIS

    cache.clear()
    caches["logins"].clear()
    caches["drawings"].clear()
    REDIS.end()
    yield
    cache.clear()
    caches["logins"].clear()
    caches["drawings"].clear()
    REDIS.end()  # a test that stopped Redis answering must not leave it marked down


@pytest.fixture(autouse=True)
def _moderators_looked_up_afresh():
    # Each process looks moderators up once a minute; each test makes its own.
    from sokhan.comments import notifications

    notifications._known = None
    notifications._quiet_until = None


@pytest.fixture(autouse=True)
def _kept_rows_read_afresh():
    # Each process keeps the settings row and the spam rules until their generation moves;
    # each test has its own database and counters.
    from sokhan.pagecache import kept

    kept.forget_all()


@pytest.fixture(autouse=True)
def _language_of_no_page():
    # A request leaves its page's language active in the thread (LocaleMiddleware only
    # activates): a test after a Persian page would otherwise run in Persian. Each test
    # starts in the site's default language, whichever test ran before it.
    from django.utils import translation

    translation.deactivate()


@pytest.fixture
def make_signatory(db):
    from sokhan.publishing.models import Signatory

    def make(slug: str = "executive-board", en: str = "Political-Executive Board of the Union",
             fa: str = "هیئت اجرایی") -> Signatory:
        return Signatory.objects.get_or_create(slug=slug, defaults={"name_en": en,
                                                                     "name_fa": fa})[0]
    return make


@pytest.fixture
def make_topic(db):
    from sokhan.publishing.models import Topic

    def make(slug: str = "press-freedom", en: str = "Press freedom",
             fa: str = "آزادی مطبوعات") -> Topic:
        return Topic.objects.get_or_create(slug=slug, defaults={"name_en": en, "name_fa": fa})[0]
    return make


@pytest.fixture
def make_statement(db, make_signatory):
    from sokhan.publishing import publication
    from sokhan.publishing.models import Statement

    counter = iter(range(1, 10_000))

    def make(title: str | None = None, *, language: str = "en", status: str = "published",
             published_at: datetime | None = None, topics=(), signatory=None,
             body: str = "<p>We stand for free speech.</p>", summary: str = "",
             slug: str | None = None, **fields) -> Statement:
        number = next(counter)
        title = title or f"Statement number {number}"
        statement = Statement(
            title=title, slug=slug or f"statement-{number}", language=language,
            status=status, body=body, summary=summary,
            published_at=published_at or timezone.now() - timedelta(days=number),
            signatory=signatory or make_signatory(), **fields)
        publication.settle(statement)
        statement.save()
        statement.topics.set(topics)
        return statement
    return make
