"""While PostgreSQL cannot be reached (a restart, a failover, a full connection table),
readers are told to come back, a commenter keeps their words, and nothing is a 500.

A real server on a database of its own, whose connections PostgreSQL is then told to
refuse, as the reviewer who found the 500s did. Skipped when PostgreSQL does not answer.
"""

from __future__ import annotations

import json

import pytest

from sokhan.captcha import puzzle

from .servers import Server, environment, fetch, run
from .test_scale_out import DEMO, _postgres_database

SECRET = "outage-tests-" + "k" * 50  # every server of the site's (a second one below)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    admin, database = _postgres_database()
    env = environment(tmp_path_factory.mktemp("outage"),
                      DATABASE_URL=f"postgres://postgres@127.0.0.1:5432/{database}",
                      DJANGO_SETTINGS_MODULE="sokhan.bench_settings",
                      SOKHAN_CAPTCHA_MIN_SECONDS="0", SOKHAN_STAFF_2FA="false",
                      SOKHAN_SECRET_KEY=SECRET)
    run(["setup"], env)
    log = tmp_path_factory.mktemp("outage-log") / "serve.log"
    server = Server(env, workers=1, log=log)
    yield server.base, admin, database, log
    server.stop()
    admin.execute(f'DROP DATABASE "{database}" WITH (FORCE)')
    admin.close()


def _cut_off(admin, database: str, *, cut: bool) -> None:
    admin.execute(f'ALTER DATABASE "{database}" ALLOW_CONNECTIONS {"false" if cut else "true"}')
    if cut:
        admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                      "WHERE datname = %s AND pid <> pg_backend_pid()", [database])


def test_without_its_database_the_site_says_so_and_keeps_a_comment(site):
    base, admin, database, log = site
    _status, data, _headers = fetch(base + "/en/captcha/new.json")
    challenge = json.loads(data)
    form = {"comment": "Words I do not want to lose", "captcha_token": challenge["token"],
            "captcha_answer": challenge["answer"], "save": "1",
            "puzzle": puzzle.answer(challenge["puzzle"])}
    _cut_off(admin, database, cut=True)
    try:
        status, page, headers = fetch(base + DEMO + "comments/", form)
        assert status == 503 and headers["Retry-After"] == "120"
        assert "no-store" in headers["Cache-Control"]
        assert b"Words I do not want to lose" in page
        assert b"could not store your comment" in page
        for address, words in (("/en/topics/", "try again in a few minutes"),
                               ("/fa/topics/", "چند دقیقه")):
            status, page, headers = fetch(base + address)
            assert status == 503 and words.encode() in page and b"Traceback" not in page
    finally:
        _cut_off(admin, database, cut=False)
    # One line each in the log: a traceback of ninety lines each, twice over, grew it by
    # 400 lines in a few seconds of an outage (operators' review).
    logged = log.read_text()
    assert logged.count("answered 503, the database is out of reach") >= 2
    assert "Traceback" not in logged
    # Back: the same form is saved (its challenge was never used).
    status, page, _headers = fetch(base + DEMO + "comments/", form)
    assert status == 200 and b"Thank you for your comment" in page


def test_a_database_that_takes_the_connection_and_says_nothing_is_given_up(tmp_path):
    # A hung PostgreSQL (or a proxy before a dead one) held commands and every worker
    # with no end: nothing timed out (operators' review). Now the connection is given up
    # after 5 s, by the site and by `sokhan backup`'s pg_dump alike.
    import socket
    import subprocess

    from .servers import SOKHAN

    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(16)  # takes connections into its queue, and never answers
    try:
        env = environment(tmp_path / "site", DATABASE_URL="postgres://postgres@127.0.0.1:"
                                                          f"{silent.getsockname()[1]}/site")
        for command in (["migrate"], ["backup", str(tmp_path / "backup.dump")]):
            done = subprocess.run([SOKHAN, *command], env=env, capture_output=True,
                                  text=True, timeout=60)
            assert done.returncode == 1, command
            assert "connection timeout expired" in done.stderr, (command, done.stderr[-2000:])
            assert "Traceback" not in done.stderr
    finally:
        silent.close()



def test_a_query_held_by_a_lock_is_given_up_and_the_reader_told_to_come_back(site, tmp_path):
    # A query waiting on a lock (a migration's, a VACUUM FULL) held its worker with no
    # end, and every request after it on that worker: nothing timed out, readers saw
    # nothing. Now PostgreSQL ends a web request's query after SOKHAN_QUERY_SECONDS.
    import time

    import psycopg

    _base, _admin, database, _log = site
    address = f"postgres://postgres@127.0.0.1:5432/{database}"
    server = Server(environment(tmp_path, DATABASE_URL=address,
                                DJANGO_SETTINGS_MODULE="sokhan.bench_settings",
                                SOKHAN_CAPTCHA_MIN_SECONDS="0", SOKHAN_PAGE_CACHE="false",
                                SOKHAN_SECRET_KEY=SECRET, SOKHAN_QUERY_SECONDS="2"))
    locker = psycopg.connect(address.replace("postgres://", "postgresql://"))
    try:
        _status, data, _headers = fetch(server.base + "/en/captcha/new.json")
        challenge = json.loads(data)
        form = {"comment": "Words a lock must not take", "captcha_token": challenge["token"],
                "captcha_answer": challenge["answer"], "save": "1",
                "puzzle": puzzle.answer(challenge["puzzle"])}
        locker.execute("LOCK TABLE publishing_statement IN ACCESS EXCLUSIVE MODE")
        started = time.monotonic()
        status, page, _headers = fetch(server.base + DEMO)  # urllib gives up after 10 s
        assert status == 503 and b"try again in a few minutes" in page
        assert 1.5 < time.monotonic() - started < 8
        status, page, _headers = fetch(server.base + DEMO + "comments/", form)
        assert status == 503 and b"Words a lock must not take" in page
        locker.rollback()  # the lock let go: the same worker reads again
        status, page, _headers = fetch(server.base + DEMO)
        assert status == 200 and b"Add new comment" in page
    finally:
        locker.close()
        server.stop()
