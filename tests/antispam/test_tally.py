"""Refusals reach the dashboard without a database write per refused request
(antispam/tally.py): a flood of bots must not become a flood of writes queued with the
commenters' own comments."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group, User
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from sokhan.antispam import tally
from sokhan.antispam.models import Rejection
from sokhan.antispam.outage import REDIS
from sokhan.antispam.verdict import Reason
from sokhan.comments import retention
from sokhan.website.roles import MODERATORS

pytestmark = pytest.mark.django_db


@pytest.fixture
def send(client, make_statement, settings):
    settings.SOKHAN_CAPTCHA = False
    statement = make_statement("On the strike", slug="on-the-strike")

    def post(**fields):
        return client.post(statement.get_absolute_url() + "comments/",
                           {"comment": "Bot words", "save": "1", **fields},
                           REMOTE_ADDR="203.0.113.5")
    return post


def writes(queries: CaptureQueriesContext) -> list[str]:
    return [q["sql"] for q in queries.captured_queries
            if "antispam_rejection" in q["sql"]
            and q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE"))]


def test_a_flood_of_refusals_writes_no_row_and_the_dashboard_shows_every_one(
        send, client):
    with CaptureQueriesContext(connection) as queries:
        for _ in range(40):
            assert send(website="http://spam.example").status_code == 400
    assert writes(queries) == [] and not Rejection.objects.exists()
    moderator = User.objects.create_user("mod", password="pw-long-enough-1", is_staff=True)
    moderator.groups.add(Group.objects.get(name=MODERATORS))
    client.force_login(moderator)
    page = BeautifulSoup(client.get("/admin/antispam/rejection/").content, "html.parser")
    assert [[cell.get_text() for cell in row.select("td")]
            for row in page.select("table.totals tbody tr")] == [
        ["Hidden field filled in (a bot)", "40"]]
    assert Rejection.objects.get(reason="honeypot").count == 40
    assert tally.waiting() == {}  # moved, not left to be moved twice
    # Shown again, nothing more is added.
    client.get("/admin/antispam/rejection/")
    assert Rejection.objects.get(reason="honeypot").count == 40


def test_the_hourly_housekeeping_moves_them_when_no_moderator_looks(send):
    send(website="bot")
    send(website="bot")
    retention.housekeeping(force=True)
    assert {r.reason: r.count for r in Rejection.objects.all()} == {"honeypot": 2}


def test_counts_of_earlier_days_keep_their_day():
    today = timezone.localdate()
    yesterday = today - dt.timedelta(days=1)
    Rejection.count_one(Reason.HONEYPOT, yesterday)
    Rejection.count_one(Reason.HONEYPOT)
    Rejection.count_one(Reason.TOO_MANY_LINKS)
    assert Rejection.settle() == 3
    assert {(r.day, r.reason, r.count) for r in Rejection.objects.all()} == {
        (yesterday, "honeypot", 1), (today, "honeypot", 1), (today, "too_many_links", 1)}


def test_a_count_that_cannot_be_written_waits_for_the_next_settling():
    Rejection.count_one(Reason.HONEYPOT)
    Rejection.count_one(Reason.HONEYPOT)
    assert tally.settle(lambda day, reason, n: False) == 0  # the database is away
    assert Rejection.settle() == 2
    assert Rejection.objects.get(reason="honeypot").count == 2


def test_with_the_cache_away_a_refusal_is_written_at_once(settings):
    settings.CACHES = {"default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0", "OPTIONS": settings.REDIS_TIMEOUTS}}
    try:
        Rejection.count_one(Reason.HONEYPOT)
        Rejection.count_one(Reason.HONEYPOT)
    finally:
        REDIS.end()
    assert Rejection.objects.get(reason="honeypot").count == 2


def test_processes_settling_together_never_move_a_refusal_twice():
    """Four settling while two count, on the shared counts file every worker maps: every
    refusal is moved exactly once."""
    moved: list[int] = []
    lock = threading.Lock()

    def write(day: dt.date, reason: Reason, n: int) -> bool:
        with lock:
            moved.append(n)
        return True

    counting = threading.Event()

    def count() -> None:
        for _ in range(1500):
            assert tally.add(Reason.HONEYPOT)

    def settle() -> None:
        while not counting.is_set():
            tally.settle(write)

    counters = [threading.Thread(target=count) for _ in range(2)]
    settlers = [threading.Thread(target=settle) for _ in range(4)]
    for thread in counters + settlers:
        thread.start()
    for thread in counters:
        thread.join()
    counting.set()
    for thread in settlers:
        thread.join()
    tally.settle(write)
    assert sum(moved) == 3000 and len(moved) > 1 and min(moved) > 0
    assert cache.get("refused:" + timezone.localdate().isoformat() + ":honeypot") == 0


def test_three_settlers_at_once_never_write_a_negative_count():
    """One reads 2, a refusal arrives, two more read 3; the second takes 3 and the first
    goes below zero; the third goes further below before the first gives back."""
    key = "refused:" + timezone.localdate().isoformat() + ":honeypot"
    for _ in range(3):
        tally.add(Reason.HONEYPOT)
    assert tally._take(key, 3) == 3  # B
    cache.decr(key, 3)  # A, between its decrement and its giving back: -3
    assert tally._take(key, 2) == 0  # D: nothing was there
    cache.incr(key, 3)  # A gives back
    assert cache.get(key) == 0


def test_one_who_takes_more_than_was_left_gives_the_rest_back():
    """The moment between reading a count and taking it: another settler moved it first."""
    for _ in range(5):
        tally.add(Reason.HONEYPOT)
    seen = tally.waiting()
    assert tally.settle(lambda *a: True) == 5  # the other settler
    tally.add(Reason.HONEYPOT)  # and one more refusal meanwhile
    key = "refused:" + timezone.localdate().isoformat() + ":honeypot"
    assert tally._take(key, seen[(timezone.localdate(), Reason.HONEYPOT)]) == 1
    assert cache.get(key) == 0
