"""Consistent copies of the database, taken while the site keeps serving.

SQLite is copied with SQLite's online backup API; PostgreSQL with ``pg_dump --format=custom``.
Either way the copy is written beside the target and renamed, so a crash never leaves a
half-written file under the target's name. ``sokhan restore`` (see restore.py) reads both.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from contextlib import suppress
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError, connection

from sokhan import conf


class BackupError(RuntimeError):
    """A backup that cannot be made (or restored), with what to do instead."""


def backup(target: Path) -> None:
    """Copy the live database to ``target``, whichever database the site uses."""
    if connection.vendor not in ("sqlite", "postgresql"):
        raise BackupError(f"Backups of {connection.vendor} databases are not supported.")
    target = target.resolve()
    _refuse_the_data_folder(target)
    _refuse_an_empty_site()
    if not target.parent.is_dir():
        # Not made: a backup disk not mounted left its mount point empty, and the backups
        # went on to the disk they were meant to outlive; a typo went unnoticed.
        raise BackupError(f"There is no folder {target.parent}: make it first (or mount "
                          "the disk it is on).")
    partial = target.with_name(target.name + ".partial")
    try:
        partial.unlink(missing_ok=True)
        # Readable by its owner alone, from the first byte: a backup holds commenters'
        # e-mail addresses, address hashes and the staff's password hashes.
        partial.touch(mode=0o600)
        if connection.vendor == "postgresql":
            run_client("pg_dump", ["--format=custom", f"--file={partial}"])
        else:
            _copy_sqlite(partial)
        partial.replace(target)
    except (OSError, sqlite3.Error) as error:
        raise BackupError(f"Cannot write the backup to {target} ({error}); choose a folder "
                          "Sokhan may write to.") from None
    finally:
        # A failed pg_dump leaves its partial file behind; it is no backup.
        with suppress(OSError):
            partial.unlink(missing_ok=True)


def _refuse_the_data_folder(target: Path) -> None:
    """A backup written over the live database put a copy in its place while the workers
    went on writing to the file it unlinked (lost at the next restart), and one written
    over the secret key left every command failing. Nothing in the data folder is a place
    for a backup: it goes with the disk it is meant to outlive."""
    data = settings.DATA_DIR
    if target == data or data in target.parents:
        raise BackupError(f"{target} is inside the site's data folder ({data}), where a "
                          "backup could overwrite a file the site runs on (its database, "
                          "its secret key) and is lost with it; write it to another folder. "
                          "Nothing was written.")


def _refuse_an_empty_site() -> None:
    """A backup run without the site's settings (a cron job without DATABASE_URL) finds an
    empty database: a file that looks like a backup and holds nothing is worse than none."""
    try:
        tables = connection.introspection.table_names()
    except DatabaseError as error:
        reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise BackupError(f"Cannot read the database ({reason}); {conf.database_hint()}. Nothing "
                          "was written.") from None
    if "publishing_statement" not in tables:
        where = (connection.settings_dict.get("NAME") if connection.vendor == "sqlite"
                 else "DATABASE_URL")
        raise BackupError(f"The database ({where}) holds no Sokhan site: run the backup with "
                          "the site's own settings (SOKHAN_DATA_DIR, DATABASE_URL). Nothing "
                          "was written.")


def _copy_sqlite(destination_path: Path) -> None:
    """SQLite copies pages and restarts when a writer changes one it has already copied,
    so the copy is consistent even while workers write."""
    connection.ensure_connection()
    destination = sqlite3.connect(destination_path)
    try:
        connection.connection.backup(destination)
        # The copied header says WAL, like the live database's; a backup is better one
        # self-contained file that opens read-only without leaving -wal and -shm beside it.
        destination.execute("PRAGMA journal_mode=DELETE")
    finally:
        destination.close()


def run_client(tool: str, arguments: list[str]) -> str:
    """Run a PostgreSQL client tool (pg_dump, pg_restore) against the site's database, with
    the connection settings Django uses; its output, or a BackupError with the fix.

    The password travels in PGPASSWORD, not on the command line, where `ps` would show it
    to every user of the machine; --no-password makes a missing one an error, not a prompt
    that would hang a cron job.
    """
    command, env = client_command(tool)
    done = subprocess.run([*command, *arguments],
                          env=env, capture_output=True, text=True, check=False)
    raise_for(tool, done.returncode, done.stderr)
    return done.stdout


def client_command(tool: str) -> tuple[list[str], dict[str, str]]:
    """A PostgreSQL client tool's command line for the site's database, and its
    environment (the password, never on the command line)."""
    settings = connection.settings_dict
    options = [f"--{name}={settings[key]}" for name, key in
               (("host", "HOST"), ("port", "PORT"), ("username", "USER")) if settings.get(key)]
    env = {**os.environ}
    if settings.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings["PASSWORD"])
    if settings.get("OPTIONS", {}).get("sslmode"):
        env["PGSSLMODE"] = str(settings["OPTIONS"]["sslmode"])
    # As the site connects: a database that takes the connection and says nothing hung a
    # backup run from cron for good (operators' review).
    if settings.get("OPTIONS", {}).get("connect_timeout"):
        env["PGCONNECT_TIMEOUT"] = str(settings["OPTIONS"]["connect_timeout"])
    return [client_program(tool), *options, "--no-password",
            f"--dbname={settings['NAME']}"], env


def raise_for(tool: str, returncode: int, stderr: str) -> None:
    """A BackupError that says what went wrong, if the tool failed."""
    if returncode != 0:
        if "deadlock detected" in stderr or "40P01" in stderr:  # its words, or its code
            # Comments written while pg_restore took its locks: nothing was changed (one
            # transaction), and a second try mostly finds a quieter moment.
            raise BackupError(f"{tool} met writes of the running site (deadlock detected) "
                              "and changed nothing; run it again.")
        raise BackupError(f"{tool} failed ({first_error(stderr, tool)}); check "
                          "DATABASE_URL and that the client tools are the server's version "
                          "or newer.")


def client_program(tool: str) -> str:
    """Where a PostgreSQL client tool is installed, or a BackupError saying how to get it."""
    program = shutil.which(tool)
    if program is None:
        raise BackupError(f"{tool} was not found; install PostgreSQL's client tools "
                          "(on Debian: apt install postgresql-client), of the server's "
                          "version or newer.")
    return program


def first_error(stderr: str, tool: str) -> str:
    """The line of a tool's complaint that says what went wrong, without a trailing dot."""
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    errors = [line for line in lines if "error:" in line] or lines or ["no message"]
    return errors[0].removeprefix(f"{tool}: ").removeprefix("error: ").rstrip(".")
