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


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    admin, database = _postgres_database()
    env = environment(tmp_path_factory.mktemp("outage"),
                      DATABASE_URL=f"postgres://postgres@127.0.0.1:5432/{database}",
                      DJANGO_SETTINGS_MODULE="sokhan.bench_settings",
                      SOKHAN_CAPTCHA_MIN_SECONDS="0", SOKHAN_STAFF_2FA="false")
    run(["setup"], env)
    server = Server(env, workers=1)
    yield server.base, admin, database
    server.stop()
    admin.execute(f'DROP DATABASE "{database}" WITH (FORCE)')
    admin.close()


def _cut_off(admin, database: str, *, cut: bool) -> None:
    admin.execute(f'ALTER DATABASE "{database}" ALLOW_CONNECTIONS {"false" if cut else "true"}')
    if cut:
        admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                      "WHERE datname = %s AND pid <> pg_backend_pid()", [database])


def test_without_its_database_the_site_says_so_and_keeps_a_comment(site):
    base, admin, database = site
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
    # Back: the same form is saved (its challenge was never used).
    status, page, _headers = fetch(base + DEMO + "comments/", form)
    assert status == 200 and b"Thank you for your comment" in page
