"""`sokhan setup` and `sokhan serve`: the demo site served by a real HTTP server."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

import pytest

from .servers import Server, environment, fetch, run


@pytest.fixture
def site(tmp_path):
    env = environment(tmp_path)
    setup = run(["setup"], env)
    server = Server(env)
    try:
        yield server.base, setup.stdout, tmp_path
    finally:
        server.stop()


@contextmanager
def database(path: Path) -> Iterator[sqlite3.Connection]:
    """A site's SQLite database, committed and closed on leaving (`with sqlite3.connect()`
    alone commits but leaves the connection open, which Python 3.13 reports with a
    ResourceWarning)."""
    with closing(sqlite3.connect(path)) as db, db:
        yield db


def test_setup_loads_demo_creates_admin_and_serve_serves_it(site):
    base, setup_output, data_dir = site
    assert "Password (shown only now):" in setup_output
    status, html, headers = fetch(base + "/en/")
    assert status == 200 and b"The Civic Assembly" in html
    assert "Set-Cookie" not in headers
    status, html, _ = fetch(base + "/fa/")
    assert status == 200 and b'dir="rtl"' in html
    stylesheet = html.split(b'rel="stylesheet" href="')[1].split(b'"')[0].decode()
    status, css, headers = fetch(base + stylesheet)
    assert status == 200 and b"margin-inline" in css
    assert "max-age" in headers.get("Cache-Control", "")
    assert re.search(r"/sokhan/site\.[0-9a-f]{12}\.css$", stylesheet)  # from the list of ...
    assert fetch(base + "/static/staticfiles.json")[0] == 404  # ... which is not served
    assert fetch(base + "/en/no-such-page/")[0] == 404
    assert (data_dir / "secret_key").exists()
    with database(data_dir / "sokhan.sqlite3") as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_setup_again_keeps_the_data(site):
    _base, _output, data_dir = site
    again = run(["setup"], environment(data_dir))
    assert "Password" not in again.stdout  # the administrator exists already
    assert again.stdout.strip() == "The database was up to date."  # it said nothing
    with database(data_dir / "sokhan.sqlite3") as db:
        assert db.execute("SELECT count(*) FROM publishing_statement").fetchone()[0] == 7


def test_setup_loads_the_demo_only_into_a_new_site(site):
    # An upgrade runs setup again; a site whose statements were all deleted must not get
    # the fictional organisation's back.
    _base, _output, data_dir = site
    with database(data_dir / "sokhan.sqlite3") as db:
        db.execute("DELETE FROM publishing_statement_topics")
        db.execute("DELETE FROM publishing_statement")
    again = run(["setup"], environment(data_dir))
    assert "Demo content" not in again.stdout
    with database(data_dir / "sokhan.sqlite3") as db:
        assert db.execute("SELECT count(*) FROM publishing_statement").fetchone()[0] == 0


def test_setup_no_demo_makes_an_empty_site(tmp_path):
    env = environment(tmp_path)
    # An older Sokhan kept the list of static files among them, where it was served.
    (tmp_path / "static").mkdir()
    (tmp_path / "static" / "staticfiles.json").write_text("{}")
    output = run(["setup", "--no-demo"], env).stdout
    assert "Demo content" not in output and "Password (shown only now):" in output
    with database(tmp_path / "sokhan.sqlite3") as db:
        assert db.execute("SELECT count(*) FROM publishing_statement").fetchone()[0] == 0
    assert not (tmp_path / "static" / "staticfiles.json").exists()
    assert "sokhan/site.css" in (tmp_path / "static-manifest" / "staticfiles.json").read_text()


def test_ctrl_c_stops_the_server_and_its_workers(tmp_path):
    # A terminal's Ctrl-C signals the whole process group; granian's main process then
    # waited for good for a worker that hung on the second signal ("Ctrl-C stops it").
    import os
    import signal
    import subprocess

    env = environment(tmp_path, SOKHAN_STOP_SECONDS="2")
    run(["setup"], env)
    server = Server(env, workers=2, own_process_group=True)
    os.killpg(server.process.pid, signal.SIGINT)
    try:
        server.process.wait(timeout=2 + 20)
    except subprocess.TimeoutExpired:
        os.killpg(server.process.pid, signal.SIGKILL)
        pytest.fail("the server was still running")
    with pytest.raises(ProcessLookupError):
        os.killpg(server.process.pid, 0)  # no worker left behind either


def test_serve_says_which_site_it_serves(tmp_path):
    # Run with the wrong settings, it served a new, empty site, and its first line did not
    # say which: an operator learnt it from an empty front page.
    import subprocess

    from .servers import SOKHAN, free_port

    env = environment(tmp_path)
    run(["setup"], env)
    server = subprocess.Popen([SOKHAN, "serve", "--port", str(free_port()), "--workers", "1"],
                              env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                              text=True)
    try:
        first = server.stdout.readline()
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert first.startswith("Sokhan serving on http://127.0.0.1:")
    assert "with 1 worker of 1 thread" in first  # not "1 workers"
    assert f"data from SQLite in {tmp_path.resolve()}" in first


def test_refresh_with_redis_away_says_so_and_only_so(tmp_path):
    # It said "Every page is out of date", then that Redis had not answered (and waited for
    # it twice, 20 s): the servers were never told.
    import subprocess

    from .servers import SOKHAN, free_port

    env = environment(tmp_path)
    run(["migrate"], env)
    env["SOKHAN_REDIS_URL"] = f"redis://127.0.0.1:{free_port()}/0"  # nothing listens there
    done = subprocess.run([SOKHAN, "refresh"], env=env, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 1 and done.stdout == ""
    said = [line for line in done.stderr.splitlines() if line.startswith("Error:")]
    assert len(said) == 1 and said[0].startswith("Error: Redis did not answer")
    assert said[0].endswith("Run `sokhan refresh` again once Redis answers.")


def test_a_server_with_another_secret_key_does_not_start_until_it_is_adopted(tmp_path):
    # A second server started without SOKHAN_SECRET_KEY made a key of its own and served:
    # every CAPTCHA the first one showed was "could not be checked" through it (review).
    import subprocess

    from .servers import SOKHAN, free_port

    site = environment(tmp_path, SOKHAN_SECRET_KEY="the site's own long secret key, " * 2)
    run(["migrate"], site)
    Server(site).stop()  # served once: its key is the site's
    forgotten = {**site, "SOKHAN_SECRET_KEY": ""}
    refused = subprocess.run([SOKHAN, "serve", "--port", str(free_port())], env=forgotten,
                             capture_output=True, text=True, timeout=120)
    assert refused.returncode == 1 and refused.stdout == ""
    said = " ".join(refused.stderr.split())
    assert "is not the one this site was served with" in said
    assert f"(from {tmp_path.resolve() / 'secret_key'}, made for this data folder" in said
    assert said.endswith("Nothing was started.")
    # Replaced on purpose, on every server: adopted once, then the site's.
    Server(forgotten, options=("--new-secret",)).stop()
    Server(forgotten).stop()
    refused = subprocess.run([SOKHAN, "serve", "--port", str(free_port())], env=site,
                             capture_output=True, text=True, timeout=120)
    assert refused.returncode == 1 and "(from SOKHAN_SECRET_KEY)" in refused.stderr


@pytest.mark.parametrize(("address", "said"), [
    ("redis://127.0.0.1:6379/abc", "SOKHAN_REDIS_URL names its database by number"),
    ("redis://127.0.0.1:6379/%C2%B2", "SOKHAN_REDIS_URL names its database by number"),
    # int() refuses so many digits: a traceback, not a sentence.
    ("redis://127.0.0.1:6379/" + "9" * 5000, "SOKHAN_REDIS_URL names its database by number"),
    ("redis://127.0.0.1:6379/?db=" + "9" * 5000, "SOKHAN_REDIS_URL names its database by number"),
    ("redis://127.0.0.1:6379/99", "(SOKHAN_REDIS_URL) refused: DB index is out of range"),
])
def test_a_wrong_redis_address_is_refused_before_serving(tmp_path, address, said):
    # "/abc" served from database 0, another site's perhaps; "/99" started, and every
    # request then logged that Redis was not answering (review).
    import subprocess

    import redis

    from .servers import SOKHAN, free_port

    try:
        redis.Redis(host="127.0.0.1", port=6379, socket_timeout=3).ping()
    except redis.ConnectionError:
        pytest.skip("Redis does not answer on 127.0.0.1:6379")
    env = environment(tmp_path, SOKHAN_REDIS_URL=address)
    refused = subprocess.run([SOKHAN, "serve", "--port", str(free_port())], env=env,
                             capture_output=True, text=True, timeout=120)
    assert refused.returncode == 1 and said in " ".join(refused.stderr.split())
    # `sokhan refresh` too, at once: it waited ten seconds, then said Redis had not answered.
    run(["migrate"], environment(tmp_path))
    refused = subprocess.run([SOKHAN, "refresh"], env=env, capture_output=True, text=True,
                             timeout=8)
    assert refused.returncode == 1 and said in " ".join(refused.stderr.split())


def test_a_redis_that_does_not_answer_is_said_and_the_site_served(tmp_path):
    from .servers import free_port

    log = tmp_path / "serve.log"
    env = environment(tmp_path / "site",
                      SOKHAN_REDIS_URL=f"redis://127.0.0.1:{free_port()}/0")  # nothing there
    server = Server(env, log=log)
    try:
        assert fetch(server.base + "/en/")[0] == 200
    finally:
        server.stop()
    said = " ".join(log.read_text().split())
    assert "Note: Redis at redis://127.0.0.1:" in said and "does not answer" in said


def test_setup_on_an_older_site_says_what_it_applied_and_migrate_a_new_site_says_so(
        tmp_path):
    # An upgrade printed nothing at all; `migrate` run without the site's settings made a
    # new site where it stood, unsaid (review).
    env = environment(tmp_path)
    made = run(["migrate"], env)
    assert f"Note: that was a new site, in {tmp_path.resolve()}." in " ".join(
        made.stderr.split())
    with database(tmp_path / "sokhan.sqlite3") as db:
        db.execute("DELETE FROM django_migrations WHERE app = 'website' AND name = "
                   "'0003_secret_check'")
        db.execute("DROP TABLE website_secretcheck")
    upgraded = run(["setup", "--no-demo"], env)
    # Said before the work too: a long one said nothing for minutes (an upgrade review).
    assert upgraded.stdout.startswith("Bringing the database up to date (1 migration)…\n"
                                      "Database brought up to date: 1 migration applied.")
    assert "Note: that was a new site" not in run(["migrate"], env).stderr


@pytest.mark.parametrize(("option", "variable"), [(["--host", "localhost"], {}),
                                                  ([], {"SOKHAN_HOST": "statements.example"})])
def test_a_host_name_to_listen_on_is_refused_naming_where_it_came_from(tmp_path, option,
                                                                       variable):
    # It said "--host" alone when the name came from SOKHAN_HOST, which the operator then
    # looked for on the command line (review).
    import subprocess

    from .servers import SOKHAN, free_port

    env = environment(tmp_path, **variable)
    refused = subprocess.run([SOKHAN, "serve", "--port", str(free_port()), *option], env=env,
                             capture_output=True, text=True, timeout=120)
    said = " ".join(refused.stderr.split())
    assert refused.returncode == 1 and "is not an IP address" in said
    assert "(--host or SOKHAN_HOST)" in said and "127.0.0.1" in said
