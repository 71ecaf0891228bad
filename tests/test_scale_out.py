"""Two app servers sharing PostgreSQL and Redis, as behind a load balancer.

Nothing one process needs may live only in another: challenges, used tokens, rate limits
and the page cache's counters are all shared. Skipped, with the reason, when PostgreSQL
or Redis does not answer on this machine.
"""

from __future__ import annotations

import http.cookiejar
import itertools
import json
import random
import re
import subprocess
import urllib.parse
import urllib.request
import uuid

import pytest

from sokhan.captcha import puzzle

from .servers import SOKHAN, Server, environment, fetch, run

DEMO = "/en/statements/statement-on-the-arrest-of-journalists-in-the-capital/"
PASSWORD = "a long and careful passphrase"


def _postgres_database():
    psycopg = pytest.importorskip("psycopg")
    try:
        admin = psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres",
                                autocommit=True, connect_timeout=3)
    except psycopg.OperationalError:
        pytest.skip("PostgreSQL does not answer on 127.0.0.1:5432 (the README says how to "
                    "start one)")
    name = f"sokhan_scale_{uuid.uuid4().hex[:10]}"
    admin.execute(f'CREATE DATABASE "{name}"')
    return admin, name


def _redis_database():
    """An empty Redis database of this machine's, claimed for the test: one that holds
    anything (another program's data) is never touched, let alone flushed."""
    redis = pytest.importorskip("redis")
    claim = f"sokhan-test-claim:{uuid.uuid4()}"
    for number in random.sample(range(1, 16), 15):
        client = redis.Redis(host="127.0.0.1", port=6379, db=number, socket_timeout=3)
        try:
            if client.dbsize() == 0 and client.set(claim, 1, nx=True) and client.dbsize() == 1:
                return client, number
        except redis.RedisError:
            pytest.skip("Redis does not answer on 127.0.0.1:6379")
    pytest.skip("no empty Redis database (1-15) on 127.0.0.1:6379 to test with")


@pytest.fixture(scope="module")
def servers(tmp_path_factory):
    admin, database = _postgres_database()
    redis_client, number = _redis_database()
    env = environment(
        tmp_path_factory.mktemp("scale-out"),
        DATABASE_URL=f"postgres://postgres@127.0.0.1:5432/{database}",
        SOKHAN_REDIS_URL=f"redis://127.0.0.1:6379/{number}",
        DJANGO_SETTINGS_MODULE="sokhan.bench_settings", SOKHAN_CAPTCHA_MIN_SECONDS="0",
        SOKHAN_SECRET_KEY="shared by every server of one site",
        SOKHAN_CLIENT_IP_HEADER="X-Test-Address", SOKHAN_CHALLENGES_PER_MINUTE="4",
        SOKHAN_ADMIN_PASSWORD=PASSWORD, SOKHAN_STAFF_2FA="false")
    run(["setup"], env)
    # Each server gets its own data folder: nothing may pass between them on local disk.
    started = [Server({**env, "SOKHAN_DATA_DIR": str(tmp_path_factory.mktemp(name))},
                      workers=2) for name in ("one", "two")]
    yield started
    for server in started:
        server.stop()
    redis_client.flushdb()
    admin.execute(f'DROP DATABASE "{database}" WITH (FORCE)')
    admin.close()


def test_servers_migrating_a_new_database_at_once_both_succeed(tmp_path):
    # Started together, servers used to race to create the same tables; one failed.
    admin, database = _postgres_database()
    env = environment(tmp_path, DATABASE_URL=f"postgres://postgres@127.0.0.1:5432/{database}")
    try:
        running = [subprocess.Popen([SOKHAN, "migrate"], env=env, stdout=subprocess.DEVNULL,
                                    stderr=subprocess.PIPE, text=True) for _ in range(2)]
        outcomes = [(p.wait(timeout=300), p.stderr.read()) for p in running]
        assert all(code == 0 for code, _err in outcomes), outcomes
    finally:
        admin.execute(f'DROP DATABASE "{database}" WITH (FORCE)')
        admin.close()


_addresses = itertools.count(1)


def address() -> dict[str, str]:
    """A visitor of its own: each test's rate limits start from nothing."""
    return {"X-Test-Address": f"198.51.100.{next(_addresses)}"}


def new_challenge(base: str, headers: dict[str, str]) -> tuple[int, dict]:
    status, data, _ = fetch(base + "/en/captcha/new.json", headers=headers)
    return status, (json.loads(data) if status == 200 else {})


def test_a_challenge_from_one_server_is_accepted_once_by_the_other(servers):
    one, two = (server.base for server in servers)
    who = address()
    _status, challenge = new_challenge(one, who)
    fields = {"comment": "Made on one, solved on two", "captcha_token": challenge["token"],
              "captcha_answer": challenge["answer"],
              "puzzle": puzzle.answer(challenge["puzzle"]), "save": "1"}
    status, done, _ = fetch(two + DEMO + "comments/", fields, headers=who)
    assert status == 200 and b"queued for review" in done
    for base in (one, two):
        status, again, _ = fetch(base + DEMO + "comments/",
                                 {**fields, "comment": f"Replayed on {base}"}, headers=who)
        assert status == 400 and b"already used" in again
    # The same form sent again (Back and resend) is answered with the comment it saved,
    # which Redis remembers with the used nonce.
    status, resent, _ = fetch(one + DEMO + "comments/", fields, headers=who)
    assert status == 200 and b"queued for review" in resent


def test_rate_limits_are_shared(servers):
    one, two = (server.base for server in servers)
    who = address()
    codes = [new_challenge(base, who)[0] for base in (one, two, one, two, one, two)]
    assert codes[:4] == [200] * 4 and codes[4:] == [429, 429]


class Moderator:
    """Signs in to one server's admin as a browser would, cookies and CSRF token included."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        form = self.get("/admin/login/?next=/admin/")
        self.post("/admin/login/?next=/admin/", {"username": "admin", "password": PASSWORD,
                                                  "csrfmiddlewaretoken": self.csrf(form)})

    def get(self, path: str) -> str:
        with self.opener.open(self.base + path, timeout=10) as response:
            return response.read().decode()

    def post(self, path: str, form: dict[str, str]) -> str:
        data = urllib.parse.urlencode(form, doseq=True).encode()
        request = urllib.request.Request(self.base + path, data=data,
                                         headers={"Referer": self.base + path})
        with self.opener.open(request, timeout=10) as response:
            return response.read().decode()

    @staticmethod
    def csrf(html: str) -> str:
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def test_a_comment_approved_through_one_server_shows_at_once_on_the_other(servers):
    one, two = (server.base for server in servers)
    who = address()
    _status, challenge = new_challenge(two, who)
    text = f"Approved on one, read on two {uuid.uuid4().hex[:6]}"
    fields = {"comment": text, "captcha_token": challenge["token"],
              "captcha_answer": challenge["answer"],
              "puzzle": puzzle.answer(challenge["puzzle"]), "save": "1"}
    assert fetch(two + DEMO + "comments/", fields, headers=who)[0] == 200
    for _ in range(6):  # every worker of both servers now keeps the page
        for base in (one, two):
            assert text.encode() not in fetch(base + DEMO)[1]
    moderator = Moderator(one)
    queue = moderator.get("/admin/comments/comment/?status__exact=pending")
    pending = re.findall(r'name="_selected_action" value="(\d+)"', queue)
    assert pending, "the moderation queue is empty"
    moderator.post("/admin/comments/comment/", {
        "action": "approve", "_selected_action": pending, "index": "0",
        "csrfmiddlewaretoken": moderator.csrf(queue)})
    for _ in range(6):
        for base in (two, one):
            assert text.encode() in fetch(base + DEMO)[1]


def test_a_word_disallowed_through_one_server_is_refused_at_once_by_the_other(servers):
    # Workers keep the spam rules between posts; a change must reach every one of them.
    one, two = (server.base for server in servers)
    word = f"spamword{uuid.uuid4().hex[:6]}"

    def post(base: str, text: str) -> tuple[int, bytes]:
        who = address()
        _status, challenge = new_challenge(base, who)
        status, body, _ = fetch(base + DEMO + "comments/", {
            "comment": text, "captcha_token": challenge["token"],
            "captcha_answer": challenge["answer"],
            "puzzle": puzzle.answer(challenge["puzzle"]), "save": "1"}, headers=who)
        return status, body

    for n in range(4):  # every worker of both servers has read the rules
        for base in (one, two):
            assert post(base, f"Before the rule, {n} on {base}: {word}")[0] == 200
    moderator = Moderator(one)
    form = moderator.get("/admin/antispam/disallowedword/add/")
    moderator.post("/admin/antispam/disallowedword/add/", {
        "phrase": word, "csrfmiddlewaretoken": moderator.csrf(form)})
    for n in range(4):
        for base in (two, one):
            status, body = post(base, f"After the rule, {n} on {base}: {word}")
            assert status == 400 and b"words that are not accepted" in body


def test_refusals_on_both_servers_are_all_on_the_dashboard(servers):
    # Counted in Redis where they are refused (antispam/tally.py), moved into the table
    # by whichever server shows the dashboard.
    one, two = (server.base for server in servers)
    moderator = Moderator(two)

    def refused_by_the_hidden_field() -> int:
        rows = re.findall(r"<td>([^<]+)</td>\s*<td>([^<]+)</td>",
                          moderator.get("/admin/antispam/rejection/"))
        return dict(rows).get("Hidden field filled in (a bot)", 0)

    before = int(refused_by_the_hidden_field())
    for base in (one, two, one, two, one):
        status, _body, _ = fetch(base + DEMO + "comments/", {
            "comment": "Bot words", "website": "http://spam.example", "save": "1"},
            headers=address())
        assert status == 400
    assert int(refused_by_the_hidden_field()) == before + 5
    assert int(refused_by_the_hidden_field()) == before + 5  # moved once, not again


def test_a_sqlite_site_moves_to_postgresql_as_deploy_md_says(tmp_path):
    # The documented move (docs/deploy.md, "Moving a one-server site"): every statement,
    # comment and account comes across, and search finds them on the new database.
    admin, database = _postgres_database()
    old = environment(tmp_path / "old")
    new = environment(tmp_path / "new",
                      DATABASE_URL=f"postgres://postgres@127.0.0.1:5432/{database}")
    dump = tmp_path / "site.json"
    try:
        run(["setup"], old)
        run(["manage", "dumpdata", "--natural-foreign", "--natural-primary", "-e",
             "contenttypes", "-e", "auth.permission", "-e", "sessions", "-o", str(dump)], old)
        (tmp_path / "new").mkdir()
        (tmp_path / "new" / "secret_key").write_bytes((tmp_path / "old" / "secret_key")
                                                      .read_bytes())
        run(["migrate"], new)
        run(["manage", "loaddata", str(dump)], new)
        run(["reindex"], new)
        server = Server(new)
        try:
            status, page, _ = fetch(server.base + DEMO)
            assert status == 200 and b"The Civic Assembly" in page
            status, found, _ = fetch(server.base + "/en/search/?q=journalists")
            assert status == 200 and b"arrest-of-journalists" in found
        finally:
            server.stop()
    finally:
        admin.execute(f'DROP DATABASE "{database}" WITH (FORCE)')
        admin.close()
