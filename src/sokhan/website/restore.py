"""Putting a backup made by `sokhan backup` back into the live database.

A file is checked completely before anything is written: a file that is not a whole Sokhan
backup for this site's database is refused and the live database is never touched. Then the
backup's contents replace the live ones in one transaction, so the site's running workers
see either the old data or the restored data, never a mix, and need no restart.
"""

from __future__ import annotations

import os
import random
import re
import shutil
import sqlite3
import subprocess
import tempfile
import time
from contextlib import closing, suppress
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from django.db import connection

from sokhan.website.backup import (
    BackupError,
    client_command,
    client_program,
    first_error,
    raise_for,
)

SQLITE_HEADER = b"SQLite format 3\x00"
PG_DUMP_HEADER = b"PGDMP"  # pg_dump --format=custom
DATABASES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
KINDS = {"sqlite": "a SQLite database", "postgresql": "a PostgreSQL archive (pg_dump)"}
# Tables every Sokhan database has: a database without them belongs to another program.
SOKHAN_TABLES = ("django_migrations", "publishing_statement", "comments_comment")
# How long a PostgreSQL restore waits for the site's transactions to let go of its
# tables before it lets go of what it has locked and tries again (under PostgreSQL's
# deadlock_timeout of 1 s, whoever waits on it); and for how long it keeps trying.
LOCK_WAIT_MS = 500
BUSY_SECONDS = 60
CANCELED = "57014"  # PostgreSQL's SQLSTATE for a statement_timeout
LOCK_LINE = 4  # of psql's input: BEGIN, \set VERBOSITY, SET statement_timeout, LOCK TABLE


class RestoreError(BackupError):
    """A backup that cannot be restored, with what to do instead."""


@dataclass(frozen=True)
class Backup:
    """A file checked to be a backup that this site's database can take."""

    path: Path
    vendor: str


def check(path: Path) -> Backup:
    """The backup at ``path``, once it is known to be whole and Sokhan's; or a RestoreError."""
    path = path.resolve()
    kind = _kind(path)
    if kind is None:
        raise RestoreError(f"{path} is not a Sokhan backup; give a file made by "
                           "`sokhan backup`.")
    if kind != connection.vendor:
        raise RestoreError(f"{path} is {KINDS[kind]} but this site uses "
                           f"{DATABASES.get(connection.vendor, connection.vendor)}; restore "
                           f"it on a site that uses {DATABASES[kind]}.")
    applied = _sqlite_migrations(path) if kind == "sqlite" else _archive_migrations(path)
    _refuse_newer(path, applied)
    return Backup(path, kind)


def restore(backup: Backup) -> list[str]:
    """Replace everything in the live database with the backup, then migrate it if it
    comes from an older version of Sokhan. Returns the migrations that were applied."""
    keys = _address_keys()
    if backup.vendor == "sqlite":
        _copy_into_sqlite(backup.path)
    else:
        live = _sokhans_tables()
        newer = _tables_newer_than(backup.path, live)
        # No connection of ours may hold a lock that pg_restore's DROP TABLE would wait for.
        connection.close()
        _pg_restore_when_unlocked(backup.path, live, newer)
    applied = _migrate()
    _put_back_address_keys(keys)
    _forget_kept_pages()
    return applied


def _sokhans_tables() -> list[str]:
    """The tables of Sokhan's models that the live database has: what a restore replaces.
    Not every table in sight: another program's (or PostGIS's) may not be the site's role
    to lock."""
    ours = set(connection.introspection.django_table_names(include_views=False))
    return sorted(ours & set(connection.introspection.table_names()))


def _tables_newer_than(path: Path, live: list[str]) -> list[str]:
    """Sokhan's tables that the live database has and the archive has not: a release newer
    than the backup made them. pg_restore --clean drops only what the archive holds, so
    they would stay, and the migration that makes them again would find them there."""
    archived = set(re.findall(r" TABLE \S+ (\S+) ", _pg_restore(path, "--list")))
    return sorted(set(live) - archived)


class _Busy(RestoreError):
    """The live tables could not all be locked within LOCK_WAIT_MS: nothing was changed."""


def _pg_restore_when_unlocked(path: Path, live: list[str], newer: list[str]) -> None:
    """Try the restore until it gets every live table's lock, for up to BUSY_SECONDS.

    pg_restore's SQL would take each table's lock when it reaches the table, while the
    running site's transactions hold locks of their own in another order: PostgreSQL then
    found a deadlock and stopped one side, the restore or a commenter's comment. Taking
    every lock first, in one statement given LOCK_WAIT_MS in all (under PostgreSQL's
    deadlock_timeout of 1 s: a transaction waiting on the restore's locks looks for a
    deadlock only after a second, and by then the restore has all it needs or has let go),
    lets the site's transactions finish; the restore, having changed nothing, tries again
    a moment later."""
    deadline = time.monotonic() + BUSY_SECONDS
    while True:
        try:
            return _pg_restore_into_live(path, live, newer)
        except _Busy:
            if time.monotonic() > deadline:
                raise RestoreError(f"The site's database stayed too busy to lock for "
                                   f"{BUSY_SECONDS} seconds; nothing was changed. Run the "
                                   "restore again at a quieter moment.") from None
            time.sleep(random.uniform(0.05, 0.5))  # noqa: S311 - a pause, not a secret


def _pg_restore_into_live(path: Path, live: list[str], newer: list[str]) -> None:
    """pg_restore's SQL, after locking the ``live`` tables and dropping the ``newer``
    ones, run by psql in one transaction that is committed only once pg_restore has ended
    well: psql would commit whatever had arrived when its input ended, and a pg_restore
    that died half-way would leave half a database. Any failure leaves the database as it
    was. The drop comes first because a newer table's foreign keys hold on to the tables
    that --clean drops. --no-owner: the tables belong to whoever restores them."""
    quote = connection.ops.quote_name
    preamble = "BEGIN;\n"
    if live:
        # Its errors with their code (the words follow the server's language), on the
        # LOCK_LINE of psql's input: a busy table is told apart from anything else.
        preamble += ("\\set VERBOSITY verbose\n"
                     f"SET LOCAL statement_timeout = '{LOCK_WAIT_MS}ms';\n"
                     f"LOCK TABLE {', '.join(map(quote, live))} IN ACCESS EXCLUSIVE MODE;\n"
                     f"SET LOCAL statement_timeout = 0;\n\\set VERBOSITY default\n")
    if newer:
        preamble += f"DROP TABLE IF EXISTS {', '.join(map(quote, newer))} CASCADE;\n"
    psql, env = client_command("psql")
    # Their complaints go to files, not pipes: a full pipe nobody reads stops its writer.
    with tempfile.TemporaryFile() as dump_errors, tempfile.TemporaryFile() as load_errors:
        dump = subprocess.Popen([client_program("pg_restore"), "--clean", "--if-exists",
                                 "--no-owner", "--file=-", str(path)],
                                stdout=subprocess.PIPE, stderr=dump_errors)
        load = subprocess.Popen([*psql, "--quiet", "--no-psqlrc", "--set=ON_ERROR_STOP=1",
                                 "--file=-"], stdin=subprocess.PIPE,
                                stdout=subprocess.DEVNULL, stderr=load_errors, env=env)
        assert dump.stdout is not None and load.stdin is not None
        try:
            load.stdin.write(preamble.encode())
            shutil.copyfileobj(dump.stdout, load.stdin, 1 << 20)
            dumped = dump.wait() == 0
            if dumped:
                load.stdin.write(b"COMMIT;\n")
        except BrokenPipeError:  # psql stopped at an error: its message says which
            dumped = True  # as far as anyone knows: psql's error is the one to report
        finally:
            dump.stdout.close()  # pg_restore, if still writing, ends (SIGPIPE)
            if dump.poll() is None:
                dump.kill()
            dump.wait()
            with suppress(BrokenPipeError):
                load.stdin.close()  # without COMMIT the transaction is rolled back
            load.wait()
        dump_errors.seek(0)
        load_errors.seek(0)
        loaded = load_errors.read().decode(errors="replace")
        if load.returncode != 0 and f"<stdin>:{LOCK_LINE}: ERROR:  {CANCELED}:" in loaded:
            raise _Busy(loaded)
        if not dumped:
            raise_for("pg_restore", dump.returncode or 1,
                      dump_errors.read().decode(errors="replace"))
        raise_for("psql", load.returncode, loaded)


def _address_keys() -> dict[int, str]:
    from sokhan.comments.models import AddressKey

    return dict(AddressKey.objects.values_list("period", "key"))


def _put_back_address_keys(keys: dict[int, str]) -> None:
    """Keys made after the backup was taken stay: running workers keep the current one in
    memory, and a key missing from the database would make new processes hash the same
    address differently (rate limits and blocks would stop matching across workers)."""
    from sokhan.comments.models import AddressKey

    restored = set(AddressKey.objects.values_list("period", flat=True))
    AddressKey.objects.bulk_create([AddressKey(period=period, key=key)
                                    for period, key in keys.items() if period not in restored])


def describe_live() -> str:
    """The live database, as an operator would recognise it."""
    name = connection.settings_dict["NAME"]
    return f"{DATABASES.get(connection.vendor, connection.vendor)} database {name}"


# --- Checking -----------------------------------------------------------------------------

def _kind(path: Path) -> str | None:
    try:
        with path.open("rb") as file:
            header = file.read(len(SQLITE_HEADER))
    except OSError:
        return None
    if header.startswith(SQLITE_HEADER):
        return "sqlite"
    return "postgresql" if header.startswith(PG_DUMP_HEADER) else None


def _read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{quote(str(path))}?mode=ro", uri=True)


def _sqlite_migrations(path: Path) -> set[tuple[str, str]]:
    live = Path(connection.settings_dict["NAME"])
    if live.exists() and live.samefile(path):
        raise RestoreError(f"{path} is the live database itself; give a copy made by "
                           "`sokhan backup`.")
    try:
        with closing(_read_only(path)) as db:
            # integrity_check(1): stop at the first problem, which is all the message needs.
            verdict = db.execute("PRAGMA integrity_check(1)").fetchone()[0]
            if verdict != "ok":
                raise RestoreError(f"{path} is damaged (SQLite reports: "
                                   f"{' '.join(verdict.split())}); restore another backup.")
            tables = {row[0] for row in db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'")}
            _require_tables(path, tables)
            return set(db.execute("SELECT app, name FROM django_migrations"))
    except sqlite3.DatabaseError as error:
        # The header said SQLite, so a file SQLite cannot read is a damaged one.
        raise RestoreError(f"{path} is damaged (SQLite reports: {error}); restore another "
                           "backup.") from None


def _archive_migrations(path: Path) -> set[tuple[str, str]]:
    """What pg_restore finds in the archive, read without connecting to any database."""
    try:
        listing = _pg_restore(path, "--list")
    except RestoreError as error:
        raise RestoreError(f"{path} cannot be read by pg_restore ({error}); give a file made "
                           "by `sokhan backup`.") from None
    _require_tables(path, set(re.findall(r" TABLE \S+ (\S+) ", listing)))
    try:
        # Reading every row, as a restore would, finds damage before the live database is
        # touched (SQLite's integrity_check does the same for a SQLite backup).
        _pg_restore(path, f"--file={os.devnull}")
        # The table's rows as COPY text: one "id<TAB>app<TAB>name<TAB>applied" line each.
        rows = _pg_restore(path, "--data-only", "--table=django_migrations", "--file=-")
    except RestoreError as error:
        raise RestoreError(f"{path} is damaged (pg_restore reports: {error}); restore "
                           "another backup.") from None
    fields = [line.split("\t") for line in rows.splitlines()]
    return {(row[1], row[2]) for row in fields if len(row) == 4 and row[0].isdigit()}


def _pg_restore(path: Path, *arguments: str) -> str:
    # Some damage sends pg_restore into an endless loop instead of an error (seen with a
    # kilobyte of 0xff inside a compressed table): reading gets a generous time limit.
    limit = 20 + path.stat().st_size // 100_000  # 100 kB/s: far slower than a real read
    try:
        done = subprocess.run([client_program("pg_restore"), *arguments, str(path)],
                              capture_output=True, encoding="utf-8", errors="replace",
                              check=False, timeout=limit)
    except subprocess.TimeoutExpired:
        raise RestoreError(f"pg_restore was still reading it after {limit} seconds") from None
    if done.returncode != 0:
        raise RestoreError(first_error(done.stderr, "pg_restore"))
    return done.stdout


def _require_tables(path: Path, tables: set[str]) -> None:
    missing = [table for table in SOKHAN_TABLES if table not in tables]
    if missing:
        raise RestoreError(f"{path} is a database but not Sokhan's (it has no {missing[0]} "
                           "table); give a file made by `sokhan backup`.")


def _refuse_newer(path: Path, applied: set[tuple[str, str]]) -> None:
    """Migrations cannot run backwards from a schema this code does not know."""
    from django.db.migrations.loader import MigrationLoader

    loader = MigrationLoader(None, ignore_no_migrations=True)  # reads files, not the database
    known = set(loader.disk_migrations)
    for migration in loader.disk_migrations.values():
        known.update(migration.replaces)
    unknown = sorted(m for m in applied if m[0] in loader.migrated_apps and m not in known)
    if unknown:
        app, name = unknown[0]
        raise RestoreError(f"{path} comes from a newer version of Sokhan (its database has "
                           f"the migration {app}.{name}); upgrade Sokhan, then restore it.")


# --- Writing ------------------------------------------------------------------------------

def _copy_into_sqlite(path: Path) -> None:
    """SQLite's backup API with the live connection as destination: the pages are written
    through the live database's own journal (WAL), in one write transaction (pages=-1).
    Workers keep their open connections and read the restored data from their next
    transaction on; swapping the file instead would leave them reading the old, unlinked
    file, and lose whatever sits in its WAL."""
    connection.ensure_connection()
    try:
        with closing(_read_only(path)) as source:
            source.backup(connection.connection, pages=-1)
    except sqlite3.Error as error:
        raise RestoreError(f"Cannot restore {path} ({error}); the live database is "
                           "unchanged.") from None


def _forget_kept_pages() -> None:
    """The restore wrote past the ORM, so no signal told the page cache that pages changed:
    say so once for the whole site, or workers would serve pages of the replaced data (and
    check comments against the replaced blocks)."""
    from django.apps import apps

    if apps.is_installed("sokhan.pagecache"):
        from sokhan.pagecache import invalidation

        invalidation.everything_changed()


def _migrate() -> list[str]:
    from django.core.management import call_command
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if plan:
        call_command("migrate", interactive=False, verbosity=0)
    return [f"{migration.app_label}.{migration.name}" for migration, _backwards in plan]
