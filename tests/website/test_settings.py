"""Operator settings: declared once, read from the environment, documented in the README."""

from __future__ import annotations

import socket
import subprocess
from pathlib import Path

import pytest

from sokhan import conf
from tests import servers

README = Path(__file__).resolve().parents[2] / "README.md"


def test_readme_settings_table_matches_the_declarations():
    assert conf.markdown_table() in README.read_text(encoding="utf-8"), (
        "README's settings table is stale: paste the output of `sokhan settings --markdown`")


@pytest.mark.parametrize(("name", "text", "expected"), [
    ("SOKHAN_DEBUG", "true", True), ("SOKHAN_DEBUG", "0", False), ("SOKHAN_DEBUG", "", False),
    ("SOKHAN_PORT", "8080", 8080),
    ("SOKHAN_ALLOWED_HOSTS", "a.example, b.example ,", ["a.example", "b.example"]),
])
def test_values_are_typed(name, text, expected):
    assert conf.value(name, {name: text}) == expected


def test_defaults_apply_when_unset():
    assert conf.value("SOKHAN_PORT", {}) == 8000
    assert conf.value("SOKHAN_TIME_ZONE", {}) == "Asia/Tehran"


@pytest.mark.parametrize(("name", "text", "fix"), [
    ("SOKHAN_DEBUG", "maybe", "set it to true or false"),
    ("SOKHAN_PORT", "eighty", "is not a whole number"),
    ("SOKHAN_PORT", "70000", "a number from 1 to 65535"),
    ("SOKHAN_PAGE_SIZE", "0", "a number 1 or more"),
    ("SOKHAN_COMMENTS_PER_PAGE", "0", "a number 1 or more"),
    ("SOKHAN_COMMENTS_PER_MINUTE", "-1", "a number 0 or more"),
    ("SOKHAN_CAPTCHA_LENGTH", "4", "from 5 to 6"),
    ("SOKHAN_TIME_ZONE", "Foo/Bar", "is not a time zone"),
    ("SOKHAN_TIME_ZONE", "../../etc/passwd", "is not a time zone"),
    ("SOKHAN_LOG_LEVEL", "verbose", "is not one of DEBUG, INFO, WARNING, ERROR"),
    ("SOKHAN_DEFAULT_LANGUAGE", "de", "is not one of en, fa"),
    ("SOKHAN_ADMIN_PATH", "", "must be a path like 'admin/'"),
    ("SOKHAN_ADMIN_PATH", "desk", "must be a path like 'admin/'"),
    ("SOKHAN_ADMIN_PATH", "/desk/", "must be a path like 'admin/'"),
    ("SOKHAN_THREADS", "0", "a number 1 or more"),
    ("SOKHAN_SITE_URL", "statements.example.org", "is not a web address"),
    ("SOKHAN_SITE_URL", "foo", "is not a web address"),
    ("SOKHAN_PURGE_URL", "notaurl", "is not a web address"),
    ("SOKHAN_PURGE_URL", "http://127.0.0.1:port/", "is not a web address"),
    # PostgreSQL's statement_timeout, in ms, is a 32-bit integer: past it, every
    # connection of the web server failed, and every page said "try again" (deadline.py).
    ("SOKHAN_QUERY_SECONDS", "3600000", "a number from 0 to 2147483"),
])
def test_bad_values_fail_with_the_fix_in_the_message(name, text, fix):
    with pytest.raises(conf.SettingError) as error:
        conf.value(name, {name: text})
    assert name in str(error.value) and fix in str(error.value)


@pytest.mark.parametrize(("name", "text"), [
    ("SOKHAN_TIME_ZONE", "Europe/Berlin"),
    ("SOKHAN_ADMIN_PATH", "desk/"), ("SOKHAN_PAGE_SIZE", "1"), ("SOKHAN_CAPTCHA_LENGTH", "5"),
    ("SOKHAN_QUERY_SECONDS", "2147483"),
])
def test_values_at_the_edges_of_what_is_allowed_are_taken(name, text):
    assert str(conf.value(name, {name: text})) == text


@pytest.mark.parametrize(("name", "text", "read"), [
    ("SOKHAN_LOG_LEVEL", "debug", "DEBUG"), ("SOKHAN_LOG_LEVEL", "critical", "CRITICAL"),
    ("SOKHAN_DEFAULT_LANGUAGE", "FA", "fa"),
])
def test_a_choice_is_read_as_it_is_spelt_in_the_list(name, text, read):
    assert conf.value(name, {name: text}) == read


def test_every_default_is_allowed():
    for setting in conf.SETTINGS:
        conf.value(setting.name, {})


def test_secret_key_is_generated_once_and_kept_private(settings):
    key_file = Path(settings.DATA_DIR) / "secret_key"
    assert key_file.read_text().strip() == settings.SECRET_KEY
    assert len(settings.SECRET_KEY) >= 50
    assert key_file.stat().st_mode & 0o077 == 0


def test_two_processes_starting_on_a_new_folder_get_the_same_key(tmp_path, monkeypatch):
    # The first made the key's file empty, then wrote it; the second, starting meanwhile,
    # read it empty and stopped ("SECRET_KEY must not be empty": `sokhan migrate` run
    # twice at once, in CI). Here the first is held just as it makes its key.
    import secrets
    import threading

    from sokhan.settings import kept_secret_key

    path, made = tmp_path / "secret_key", secrets.token_urlsafe
    go_on, keys = threading.Event(), {}

    def slow(n: int) -> str:
        if threading.current_thread().name == "first":
            go_on.wait(10)
        return made(n)

    monkeypatch.setattr(secrets, "token_urlsafe", slow)
    first = threading.Thread(target=lambda: keys.update(first=kept_secret_key(path)),
                             name="first")
    first.start()
    try:
        keys["second"] = kept_secret_key(path)
    finally:
        go_on.set()
        first.join()
    assert keys["first"] == keys["second"] == path.read_text() and len(keys["first"]) >= 50
    assert path.stat().st_mode & 0o077 == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["secret_key"]  # nothing left over


def test_an_empty_key_file_is_named_not_a_traceback(tmp_path):
    from sokhan.settings import kept_secret_key

    (tmp_path / "secret_key").write_text("")
    with pytest.raises(conf.SettingError, match="secret_key is empty"):
        kept_secret_key(tmp_path / "secret_key")


def test_sqlite_runs_in_wal_mode(db):
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("WAL is a SQLite setting")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        mode = cursor.fetchone()[0]
    # The test database lives in memory, where SQLite reports "memory"; on disk it is WAL.
    assert mode in ("wal", "memory")
    assert "journal_mode=WAL" in connection.settings_dict["OPTIONS"]["init_command"]


def test_the_data_folder_and_database_are_the_site_user_s_alone(tmp_path):
    # The database holds e-mail addresses, sessions and authenticator keys: another local
    # user who could read it could take over an administrator's session.
    fresh, older = tmp_path / "fresh", tmp_path / "older"
    older.mkdir(mode=0o755)
    (older / "sokhan.sqlite3").touch(mode=0o644)  # as a release before this change left it
    (older / "sokhan.sqlite3").chmod(0o644)
    older.chmod(0o755)
    for data in (fresh, older):
        servers.run(["migrate"], servers.environment(data))
        assert (data / "sokhan.sqlite3").stat().st_mode & 0o777 == 0o600
        assert data.stat().st_mode & 0o777 == 0o700
        assert all(p.stat().st_mode & 0o077 == 0 for p in data.iterdir() if p.is_file())


@pytest.mark.parametrize(("command", "variables", "sentence"), [
    (["migrate"], {"DATABASE_URL": "nonsense"}, "DATABASE_URL must be a PostgreSQL address"),
    (["migrate"], {"DATABASE_URL": "mysql://u@db/sokhan"}, "not one starting mysql://"),
    (["migrate"], {"DATABASE_URL": "sqlite:////tmp/elsewhere.sqlite3"},
     "leave it empty for SQLite, which Sokhan keeps in SOKHAN_DATA_DIR"),
    (["migrate"], {"DATABASE_URL": "postgres://postgres@127.0.0.1:1/none"},
     "could not be reached"),
    (["migrate"], {"SOKHAN_REDIS_URL": "127.0.0.1:6379"}, "SOKHAN_REDIS_URL must be an address"),
    (["migrate"], {"SOKHAN_DATA_DIR": "/proc/no-such-folder"}, "SOKHAN_DATA_DIR=/proc/"),
    (["serve"], {"SOKHAN_PORT": "abc"}, "SOKHAN_PORT='abc' is not a whole number"),
    (["serve"], {"SOKHAN_PORT": "99999"}, "from 1 to 65535"),
    (["serve"], {"SOKHAN_WORKERS": "many"}, "SOKHAN_WORKERS='many' is not a whole number"),
    (["serve"], {"SOKHAN_HOST": "localhost"}, "is not an IP address"),
    # Purges name pages by the site's address: the default would name 127.0.0.1:8000.
    (["migrate"], {"SOKHAN_PURGE_URL": "http://127.0.0.1:8099/"},
     "SOKHAN_PURGE_URL is set but SOKHAN_SITE_URL is not"),
])
def test_a_setting_an_operator_got_wrong_is_one_sentence_not_a_traceback(
        tmp_path, command, variables, sentence):
    env = {**servers.environment(tmp_path / "data"), **variables}
    done = subprocess.run([servers.SOKHAN, *command], env=env, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode != 0
    assert sentence in done.stderr and "Traceback" not in done.stderr, done.stderr


def test_serve_refuses_a_port_another_server_listens_on(tmp_path):
    # granian would share it (SO_REUSEPORT): two sites answering each other's readers.
    with socket.socket() as other:
        other.bind(("127.0.0.1", 0))
        other.listen()
        port = other.getsockname()[1]
        done = subprocess.run([servers.SOKHAN, "serve", "--port", str(port)],
                              env=servers.environment(tmp_path / "data"), capture_output=True,
                              text=True, timeout=60)
    assert done.returncode != 0 and f"Cannot listen on 127.0.0.1 port {port}" in done.stderr


@pytest.mark.parametrize(("command", "in_the_way", "sentence"), [
    # A data folder Sokhan cannot write to (a read-only mount, a full disk, files that are
    # not its own) fails the same way: here a folder stands where a file must be made.
    (["migrate"], "migrate.lock", "Could not use {data}/migrate.lock: Is a directory; check "
                                  "that SOKHAN_DATA_DIR ({data}) is writable"),
    (["export", "out"], "sokhan.sqlite3", "The database could not be used (unable to open "
                                          "database file); check that SOKHAN_DATA_DIR"),
    (["purge"], "sokhan.sqlite3", "check that SOKHAN_DATA_DIR ({data}) is writable"),
    (["backup", "site.backup"], "sokhan.sqlite3", "Cannot read the database (unable to open "
                                                  "database file); check that SOKHAN_DATA_DIR"),
])
def test_a_data_folder_sokhan_cannot_use_is_one_sentence_not_a_traceback(
        tmp_path, command, in_the_way, sentence):
    data = tmp_path / "data"
    (data / in_the_way).mkdir(parents=True)
    env = {**servers.environment(data), "DATABASE_URL": ""}
    done = subprocess.run([servers.SOKHAN, *command], env=env, capture_output=True,
                          text=True, timeout=60, cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    assert sentence.format(data=data) in done.stderr and "Traceback" not in done.stderr, \
        done.stderr


def test_a_target_outside_the_data_folder_is_named_without_blaming_it(tmp_path):
    env = {**servers.environment(tmp_path / "data"), "DATABASE_URL": ""}
    servers.run(["migrate"], env)
    done = subprocess.run([servers.SOKHAN, "export", "/proc/no-such-folder"], env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "Could not use /proc/no-such-folder: No such file or directory." in done.stderr
    assert "SOKHAN_DATA_DIR" not in done.stderr


def test_a_site_never_set_up_is_told_to_migrate(tmp_path):
    # Its database made (by a command that stopped before migrating) but empty. (With no
    # database file at all, the command finds no site there: tests/website/test_cli.py.)
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "sokhan.sqlite3").touch()
    env = {**servers.environment(tmp_path / "data"), "DATABASE_URL": ""}
    done = subprocess.run([servers.SOKHAN, "purge"], env=env, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 1 and "run `sokhan migrate` first" in done.stderr


@pytest.mark.parametrize(("url", "taken"), [
    ("redis://127.0.0.1:6379/3", True), ("redis://127.0.0.1:6379", True),
    ("unix:///run/redis.sock?db=3", True), ("redis://127.0.0.1:6379/?db=3", True),
    # int(), which redis-py reads the number with, takes any decimal digits: a Persian
    # keyboard's "۳" is database 3 to redis-py, as it was taken here before the digits'
    # length was checked.
    ("redis://127.0.0.1:6379/۳", True), ("redis://127.0.0.1:6379/?db=٣", True),
    ("redis://127.0.0.1:6379/" + "۹" * 10, True),
    ("redis://127.0.0.1:6379/abc", False), ("redis://127.0.0.1:6379/%C2%B2", False),
    ("redis://127.0.0.1:6379/" + "9" * 11, False),
    ("redis://127.0.0.1:6379/?db=" + "۹" * 11, False),
])
def test_a_redis_database_is_named_by_what_redis_py_reads_as_a_number(url, taken):
    import redis

    assert conf.redis_database_is_a_number(url) is taken
    if taken:  # and redis-py reads it as that number, without a traceback
        redis.connection.parse_url(url)
