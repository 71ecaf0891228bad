"""SOKHAN_QUERY_SECONDS on PostgreSQL: a reader's request that meets a lock is given up
and told to come back; an editor's is not (its Save would be lost). The server-level
test (a real server, its reader and commenter) is in tests/test_database_outage.py."""

from __future__ import annotations

import threading
import time

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client

from sokhan.website import deadline

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def limited():
    if connection.vendor != "postgresql":
        pytest.skip("statement_timeout is PostgreSQL's (make test-postgres runs this)")
    deadline.limit(1)
    connection.close()  # the next connection is made with the limit
    yield
    deadline.limit(0)
    connection.close()


@pytest.fixture
def lock():
    """Takes the statements' table as a migration would; ``release(after)`` lets go."""
    import psycopg

    settings = connection.settings_dict
    holder = psycopg.connect(dbname=settings["NAME"], user=settings["USER"],
                             host=settings["HOST"], port=settings["PORT"] or 5432)
    timers: list[threading.Timer] = []

    def take() -> None:
        holder.execute("LOCK TABLE publishing_statement IN ACCESS EXCLUSIVE MODE")

    def release(after: float = 0) -> None:
        timers.append(threading.Timer(after, holder.rollback))
        timers[-1].start()

    take.release = release
    yield take
    for timer in timers:
        timer.join()
    holder.rollback()
    holder.close()


def test_a_reader_is_told_to_come_back_and_an_editor_waits_for_the_lock(
        limited, lock, make_statement):
    statement = make_statement("On the strike")
    reader = Client(raise_request_exception=False)
    lock()
    started = time.monotonic()
    response = reader.get(statement.get_absolute_url())
    assert response.status_code == 503 and time.monotonic() - started < 5
    # An editor's request waits for as long as the lock lasts (here 2 s, twice the limit).
    editor = Client(raise_request_exception=False)
    editor.force_login(User.objects.create_superuser("editor", password="a-long-password-1"))
    lock.release(after=2)
    started = time.monotonic()
    response = editor.get(f"/admin/publishing/statement/{statement.pk}/change/")
    assert response.status_code == 200 and time.monotonic() - started >= 1.5
    assert b"On the strike" in response.content
    # ... and the reader's next request is limited again, on the same connection.
    lock()
    assert reader.get(statement.get_absolute_url()).status_code == 503


@pytest.fixture
def database_down():
    """The database refuses connections (PostgreSQL stopped or restarting)."""
    port = connection.settings_dict["PORT"]
    connection.close()
    connection.settings_dict["PORT"] = "1"
    yield
    connection.close()
    connection.settings_dict["PORT"] = port


def test_an_admin_page_without_its_database_is_answered_as_a_readers_page_is(
        limited, database_down):
    # The 503 page, with the headers every page gets (its Content-Security-Policy, its
    # X-Frame-Options, the admin's X-Robots-Tag): PatientAdmin, second of the middleware,
    # met the outage first, and its 503 went out past every other one.
    response = Client(raise_request_exception=False).get("/admin/login/")
    assert response.status_code == 503
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Robots-Tag"] == "noindex, nofollow"
