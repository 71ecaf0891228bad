"""Backups: a file SQLite opens, whole and consistent, taken while the site keeps writing."""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

import pytest
from django.db import connection

from sokhan.website.backup import BackupError, backup

SOKHAN = Path(sys.executable).with_name("sokhan")


@contextmanager
def opened(path: Path) -> Iterator[sqlite3.Connection]:
    """The backup as someone restoring it would open it: read-only, nothing created.
    Closed on leaving (`with sqlite3.connect(...)` alone ends a transaction but leaves the
    connection open, which Python 3.13 reports with a ResourceWarning)."""
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
        yield db


def integrity(path: Path) -> str:
    with opened(path) as db:
        return db.execute("PRAGMA integrity_check").fetchone()[0]


def titles(path: Path) -> list[str]:
    with opened(path) as db:
        return [row[0] for row in db.execute("SELECT title FROM publishing_statement "
                                             "ORDER BY title")]


sqlite_only = pytest.mark.skipif(connection.vendor != "sqlite",
                                 reason="SQLite's online backup; PostgreSQL uses pg_dump")


# --- In the test database -------------------------------------------------------------------

@sqlite_only
@pytest.mark.django_db(transaction=True)
def test_a_backup_is_a_whole_database_with_the_statements(tmp_path: Path,
                                                          make_statement) -> None:
    make_statement("Statement on press freedom")
    make_statement("بیانیه دربارهٔ آزادی", language="fa")
    (tmp_path / "backups").mkdir()
    target = tmp_path / "backups" / "sokhan-2025-01-01.sqlite3"

    backup(target)

    assert integrity(target) == "ok"
    assert titles(target) == ["Statement on press freedom", "بیانیه دربارهٔ آزادی"]
    assert list(tmp_path.joinpath("backups").iterdir()) == [target]  # no ".partial" left


@sqlite_only
@pytest.mark.django_db(transaction=True)
def test_a_backup_is_readable_by_its_owner_alone(tmp_path: Path, make_statement) -> None:
    make_statement("Kept private")
    backup(tmp_path / "site.sqlite3")
    assert (tmp_path / "site.sqlite3").stat().st_mode & 0o777 == 0o600


@sqlite_only
@pytest.mark.django_db(transaction=True)
def test_a_backup_replaces_an_older_one(tmp_path: Path, make_statement) -> None:
    target = tmp_path / "sokhan.sqlite3"
    make_statement("First")
    backup(target)
    make_statement("Second")

    backup(target)

    assert titles(target) == ["First", "Second"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_postgresql_is_backed_up_with_pg_dump(tmp_path: Path, make_statement) -> None:
    make_statement("Statement on press freedom")
    (tmp_path / "backups").mkdir()
    target = tmp_path / "backups" / "sokhan.dump"

    backup(target)

    assert target.read_bytes().startswith(b"PGDMP")  # pg_dump's custom format
    rows = subprocess.run(["pg_restore", "--data-only", "--table=publishing_statement",
                           "--file=-", str(target)], capture_output=True, text=True, check=True)
    assert "Statement on press freedom" in rows.stdout
    assert list(tmp_path.joinpath("backups").iterdir()) == [target]  # no ".partial" left


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL")
@pytest.mark.django_db
def test_without_pg_dump_the_error_says_what_to_install(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # a machine without PostgreSQL's client tools
    with pytest.raises(BackupError, match=r"^pg_dump was not found; install PostgreSQL's "
                                          r"client tools .*\.$"):
        backup(tmp_path / "backup.dump")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(shutil.which("pg_dump") is None, reason="needs PostgreSQL's client tools")
def test_a_database_backup_cannot_read_is_one_sentence_and_leaves_no_file(tmp_path: Path) -> None:
    env = {**os.environ, "SOKHAN_DATA_DIR": str(tmp_path / "data"),
           "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/sokhan_no_such_database"}
    target = tmp_path / "backup.dump"

    result = run_backup(env, target)

    assert result.returncode == 1
    assert re.fullmatch(r"Error: [^\n]*sokhan_no_such_database[^\n]*; "
                        r"check DATABASE_URL[^\n]*\.\n", result.stderr), result.stderr
    assert not target.exists() and not target.with_name("backup.dump.partial").exists()


# --- A real site: its own SQLite file, in WAL mode, written to during the backup ------------

@pytest.fixture(scope="module")
def site(tmp_path_factory) -> tuple[dict[str, str], Path]:
    """A site set up as an operator does: `sokhan migrate` and `sokhan demo`."""
    data = tmp_path_factory.mktemp("site")
    env = {**os.environ, "SOKHAN_DATA_DIR": str(data)}
    env.pop("DATABASE_URL", None)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    subprocess.run([SOKHAN, "migrate"], env=env, check=True, capture_output=True)
    subprocess.run([SOKHAN, "demo"], env=env, check=True, capture_output=True)
    return env, data / "sokhan.sqlite3"


def run_backup(env: dict[str, str], target: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([SOKHAN, "backup", str(target)], env=env, capture_output=True,
                          text=True, timeout=60)


@pytest.mark.parametrize("name", ["sokhan.sqlite3", "sokhan.sqlite3-wal", "secret_key",
                                  "backups/today.sqlite3"])
def test_a_backup_is_never_written_into_the_data_folder(site, name: str) -> None:
    # Over the live database it took the file's place while the workers went on writing
    # to the one it unlinked; over the secret key it left every command failing.
    env, database = site
    target = database.parent / name
    before = target.read_bytes() if target.exists() else None
    result = run_backup(env, target)
    assert result.returncode == 1
    assert "inside the site's data folder" in result.stderr
    assert "Nothing was written" in result.stderr
    assert (target.read_bytes() if target.exists() else None) == before
    assert not target.with_name(target.name + ".partial").exists()


def test_a_backup_into_a_folder_that_is_not_there_is_refused(site, tmp_path: Path) -> None:
    # The folder was made: a backup disk not mounted left its mount point empty, and the
    # backups went on to the disk they were meant to outlive; a typo went unnoticed.
    env, _database = site
    result = run_backup(env, tmp_path / "mnt" / "backups" / "today.sqlite3")
    assert result.returncode == 1
    assert f"There is no folder {tmp_path / 'mnt' / 'backups'}: make it first" in result.stderr
    assert not (tmp_path / "mnt").exists()


def test_sokhan_backup_copies_the_demo_site(site, tmp_path: Path) -> None:
    env, _database = site
    target = tmp_path / "backup.sqlite3"

    result = run_backup(env, target)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"Backup written to {target}"
    assert integrity(target) == "ok"
    with opened(target) as db:
        assert db.execute("SELECT count(*) FROM publishing_statement").fetchone()[0] == 7


def test_a_data_folder_set_with_stray_spaces_is_the_site_s_as_everywhere(site,
                                                                       tmp_path: Path) -> None:
    # Settings are read stripped; the check for a site was not, and refused a real one.
    env, _database = site
    spaced = {**env, "SOKHAN_DATA_DIR": env["SOKHAN_DATA_DIR"] + " "}
    result = run_backup(spaced, tmp_path / "backup.sqlite3")
    assert result.returncode == 0, result.stderr


def test_a_backup_taken_while_statements_are_written_is_consistent(site,
                                                                   tmp_path: Path) -> None:
    """Another process adds statements, each with its topics in one transaction, while
    backups are taken: each backup is whole and holds only complete statements."""
    env, database = site
    stop, written, errors = threading.Event(), [], []

    def write_statements() -> None:
        # A separate connection, as another worker of the site would have.
        db = sqlite3.connect(database, timeout=20, isolation_level=None)
        try:
            while not stop.is_set():
                db.execute("BEGIN IMMEDIATE")
                # Plain `?` placeholders: Python 3.12.0-3.12.3 (Ubuntu 24.04's) warn about
                # numbered ones (`?1`) bound to a sequence, once per statement written.
                number = len(written)
                db.execute(
                    "INSERT INTO publishing_statement (title, slug, language, summary, body,"
                    " signatory_id, published_at, status, comment_mode, translation_key,"
                    " translated_from, first_published_at, created_at, updated_at)"
                    " SELECT 'Copy ' || ?, 'copy-' || ?, language, summary, body,"
                    " signatory_id, published_at, status, comment_mode, '', '',"
                    " first_published_at, created_at, updated_at"
                    " FROM publishing_statement ORDER BY id LIMIT 1", (number, number))
                new = db.execute("SELECT last_insert_rowid()").fetchone()[0]
                db.execute("INSERT INTO publishing_statement_topics (statement_id, topic_id)"
                           " SELECT ?, id FROM publishing_topic ORDER BY id LIMIT 2", (new,))
                db.execute("COMMIT")
                written.append(new)
        except Exception as error:  # reported by the test, not lost in the thread
            errors.append(error)
        finally:
            db.close()

    writer = threading.Thread(target=write_statements)
    writer.start()
    try:
        targets = [tmp_path / f"backup-{n}.sqlite3" for n in range(2)]
        results = [run_backup(env, target) for target in targets]
    finally:
        stop.set()
        writer.join()

    assert not errors
    assert all(r.returncode == 0 for r in results), [r.stderr for r in results]
    counts = []
    for target in targets:
        assert integrity(target) == "ok"
        with opened(target) as db:
            counts.append(db.execute("SELECT count(*) FROM publishing_statement").fetchone()[0])
            # Every copied statement came with both its topics: no half transaction.
            assert db.execute(
                "SELECT count(*) FROM publishing_statement s WHERE s.title LIKE 'Copy %' AND"
                " (SELECT count(*) FROM publishing_statement_topics t"
                "  WHERE t.statement_id = s.id) != 2").fetchone()[0] == 0
            assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    assert 7 <= counts[0] <= counts[1] <= 7 + len(written)
    assert counts[1] > 7, "the writer wrote nothing before the second backup"


@pytest.mark.django_db(transaction=True)
def test_unwritable_target_is_a_clear_error(tmp_path):
    from sokhan.website.backup import BackupError, backup

    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(BackupError, match="There is no folder .*a-file/inside"):
        backup(blocker / "inside" / "backup.sqlite3")
    locked = tmp_path / "locked"
    (locked / "backup.sqlite3.partial").mkdir(parents=True)  # (root writes anywhere)
    locked.chmod(0o500)
    with pytest.raises(BackupError, match="Cannot write the backup"):
        backup(locked / "backup.sqlite3")


def test_a_restore_run_without_the_site_s_settings_writes_nothing(site, tmp_path: Path) -> None:
    # It made a new site in ./var (secret key, empty database) and, after the `sokhan
    # migrate` its error advised, said "Restored" there, the real site untouched.
    env, _database = site
    backup_file = tmp_path / "backup.sqlite3"
    assert run_backup(env, backup_file).returncode == 0
    elsewhere = {**os.environ, "SOKHAN_DATA_DIR": str(tmp_path / "no-site-here"),
                 "DATABASE_URL": ""}
    done = subprocess.run([SOKHAN, "restore", "--yes", str(backup_file)], env=elsewhere,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode != 0 and "No site in" in done.stderr
    assert "sokhan setup --no-demo" in done.stderr
    assert not (tmp_path / "no-site-here").exists()


def test_a_backup_run_without_the_site_s_settings_writes_nothing(tmp_path: Path) -> None:
    # A cron job missing DATABASE_URL found an empty database and "backed it up".
    target = tmp_path / "nightly.sqlite3"
    env = {**os.environ, "SOKHAN_DATA_DIR": str(tmp_path / "no-site-here"), "DATABASE_URL": ""}
    done = run_backup(env, target)
    assert done.returncode != 0 and "No site in" in done.stderr
    assert "SOKHAN_DATA_DIR" in done.stderr and "Nothing was written" in done.stderr
    assert not target.exists()
    # Nor a new site's folder and secret key, as setting Django up would have made.
    assert not (tmp_path / "no-site-here").exists()
