"""`sokhan restore`: a backup taken while readers comment comes back whole, into the running
site, on SQLite and on PostgreSQL; a file that is not such a backup is refused in one
sentence and the database is left exactly as it was."""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import sqlite3
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import urlsplit

import pytest
from django.utils.html import escape

from sokhan import comments
from sokhan.captcha import puzzle

from ..servers import SOKHAN, Server, environment, fetch, run

DEMO_SLUG = "statement-on-the-arrest-of-journalists-in-the-capital"
DEMO = f"/en/statements/{DEMO_SLUG}/"
MIGRATIONS = Path(comments.__file__).parent / "migrations"
# Its PostgreSQL sites live on the server the run's DATABASE_URL names (`postgres_url`):
# kept by `--database-tests-only`, so that a run against another server restores there.
pytestmark = pytest.mark.every_database
# A site on SQLite, in its own data folder, does not use that DATABASE_URL: the PostgreSQL
# run leaves it out (`own_sqlite`), since the SQLite run did the same work. `.ci/run`,
# which runs both, leaves the PostgreSQL sites (`own_postgresql`) to the second run.
VENDORS = [pytest.param("sqlite", marks=pytest.mark.own_sqlite),
           pytest.param("postgresql", marks=pytest.mark.own_postgresql)]


# --- Sites: a data folder, and a database of their own on SQLite or PostgreSQL --------------

@dataclass
class Site:
    vendor: str
    data: Path
    url: str  # DATABASE_URL; empty for SQLite in the data folder
    env: dict[str, str] = field(init=False)

    def __post_init__(self) -> None:
        # The CAPTCHA reveals its answer (bench settings) and no rate limit gets in the way
        # of a test that posts quickly from one address; comments publish at once, so that
        # they can take replies.
        self.env = environment(self.data, DATABASE_URL=self.url,
                               DJANGO_SETTINGS_MODULE="sokhan.bench_settings",
                               SOKHAN_CAPTCHA_MIN_SECONDS="0",
                               SOKHAN_COMMENTS_PER_MINUTE="100000",
                               SOKHAN_PREVIEWS_PER_MINUTE="100000",
                               SOKHAN_COMMENTS_PER_HOUR="100000",
                               SOKHAN_CHALLENGES_PER_MINUTE="100000",
                               SOKHAN_COMMENTS_PREMODERATED="false")

    @property
    def backup_file(self) -> Path:
        return self.data.parent / ("backup.sqlite3" if self.vendor == "sqlite" else "backup.dump")

    def query(self, sql: str) -> list[tuple[Any, ...]]:
        """Read or write the site's database directly, as another program would."""
        if self.vendor == "sqlite":
            with closing(sqlite3.connect(self.data / "sokhan.sqlite3", timeout=20,
                                         isolation_level=None)) as db:
                return db.execute(sql).fetchall()
        import psycopg

        with closing(psycopg.connect(self.url, autocommit=True)) as db:
            cursor = db.execute(sql)
            return cursor.fetchall() if cursor.description else []

    def sokhan(self, *args: str, answer: str | None = None) -> subprocess.CompletedProcess[str]:
        return subprocess.run([SOKHAN, *args], env=self.env, input=answer, capture_output=True,
                              text=True, timeout=120, check=False)


def postgres_url(database: str) -> str:
    """The PostgreSQL server the suite runs on, or the local one, with another database."""
    configured = os.environ.get("DATABASE_URL", "")
    server = (configured if configured.startswith(("postgres://", "postgresql://"))
              else "postgres://postgres@127.0.0.1:5432/postgres")
    return urlsplit(server)._replace(path="/" + database).geturl()


def _administrator():
    """A connection to the local PostgreSQL server as its administrator, to make and drop
    throw-away databases; the test is skipped where none answers (as on a machine without
    PostgreSQL: `.ci/run` runs these where one does)."""
    psycopg = pytest.importorskip("psycopg")
    try:
        return psycopg.connect(postgres_url("postgres"), autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as error:
        pytest.skip(f"PostgreSQL does not answer at {postgres_url('postgres')} ({error})")


@contextmanager
def new_site(vendor: str, folder: Path) -> Iterator[Site]:
    """A site set up as an operator does (`sokhan setup`), on a database of its own: for
    PostgreSQL, a throw-away database created here and dropped afterwards."""
    if vendor == "sqlite":
        site = Site(vendor, folder / "data", "")
        run(["setup"], site.env)
        yield site
        return
    name = f"sokhan_restore_{secrets.token_hex(4)}"
    with closing(_administrator()) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
        try:
            site = Site(vendor, folder / "data", postgres_url(name))
            run(["setup"], site.env)
            yield site
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# --- What is compared: every statement and comment, with the fields readers see -------------

STATEMENTS = ("SELECT s.id, s.title, s.slug, s.summary, s.body, s.language, s.published_at,"
              " s.status, s.comment_mode, g.slug FROM publishing_statement s"
              " JOIN publishing_signatory g ON g.id = s.signatory_id")
TOPICS = ("SELECT st.statement_id, t.slug FROM publishing_statement_topics st"
          " JOIN publishing_topic t ON t.id = st.topic_id")
COMMENTS = ("SELECT id, statement_id, parent_id, thread_id, name, body, status, created_at"
            " FROM comments_comment")


class StatementRow(NamedTuple):
    title: str
    slug: str
    summary: str
    body: str
    language: str
    published_at: Any
    status: str
    comment_mode: str
    signatory: str
    topics: tuple[str, ...]


class CommentRow(NamedTuple):
    statement: int
    parent: int | None
    thread: int
    name: str
    body: str
    status: str
    created_at: Any


@dataclass(frozen=True)
class Snapshot:
    statements: dict[int, StatementRow]
    comments: dict[int, CommentRow]

    @property
    def bodies(self) -> set[str]:
        return {comment.body for comment in self.comments.values()}


def snapshot(site: Site) -> Snapshot:
    topics: dict[int, list[str]] = {}
    for statement_id, slug in site.query(TOPICS):
        topics.setdefault(statement_id, []).append(slug)
    statements = {pk: StatementRow(*row, tuple(sorted(topics.get(pk, []))))
                  for pk, *row in site.query(STATEMENTS)}
    return Snapshot(statements, {pk: CommentRow(*row) for pk, *row in site.query(COMMENTS)})


# --- Commenting through the real server, as a plain HTTP client -----------------------------

def post_comment(base: str, text: str, parent: int | None = None) -> int | None:
    """Post a comment with a solved challenge; its id once the server says it is
    published, None when the server did not confirm it."""
    return posted(base, text, parent)[1]


def posted(base: str, text: str, parent: int | None = None) -> tuple[int, int | None]:
    """The status of the comment's POST, and the comment's id once published."""
    status, data, _headers = fetch(base + "/en/captcha/new.json")
    if status != 200:
        return status, None
    challenge = json.loads(data)
    status, page, _headers = fetch(base + DEMO + "comments/", {
        "comment": text, "parent": str(parent or ""), "captcha_token": challenge["token"],
        "captcha_answer": challenge["answer"],
        "puzzle": puzzle.answer(challenge["puzzle"]), "save": "1"})
    published = re.search(rb'/comments/(\d+)/"', page)
    return status, int(published.group(1)) if status == 200 and published else None


@dataclass
class Post:
    text: str
    started: float
    acknowledged: float | None = None
    status: int | None = None


class Commenter(threading.Thread):
    """Posts numbered comments one after another until told to stop, noting when each was
    sent and when the server confirmed it."""

    def __init__(self, base: str) -> None:
        super().__init__()
        self.base, self.stop = base, threading.Event()
        self.posts: list[Post] = []
        self.errors: list[Exception] = []

    def run(self) -> None:
        try:
            while not self.stop.is_set():
                post = Post(f"Posted during the backup by {self.name}, number "
                            f"{len(self.posts)}.",
                            time.monotonic())
                self.posts.append(post)
                post.status, published = posted(self.base, post.text)
                if published is not None:
                    post.acknowledged = time.monotonic()
        except Exception as error:  # reported by the test, not lost in the thread
            self.errors.append(error)

    def acknowledged(self, *, before: float = float("inf")) -> set[str]:
        return {p.text for p in self.posts if p.acknowledged and p.acknowledged < before}

    def wait_for(self, count: int, *, started_after: float = 0.0) -> None:
        deadline = time.monotonic() + 60
        while sum(1 for p in self.posts
                  if p.acknowledged and p.started > started_after) < count:
            assert not self.errors and time.monotonic() < deadline, self.errors
            time.sleep(0.05)


def changes_after_the_backup(retitled: str) -> str:
    """What an editor might do by mistake, as `sokhan manage shell -c` code."""
    return f"""
from sokhan.publishing.models import Statement
Statement.objects.get(slug={DEMO_SLUG!r}).delete()  # and, with it, its comments
retitled = Statement.objects.get(slug={retitled!r})
retitled.title = "Retitled after the backup"
retitled.save()
retitled.topics.clear()
"""


@pytest.fixture(params=VENDORS)
def served_site(request, tmp_path) -> Iterator[tuple[Site, Server]]:
    with new_site(request.param, tmp_path) as site:
        server = Server(site.env, workers=2)
        try:
            yield site, server
        finally:
            server.stop()


def test_a_backup_taken_while_comments_are_posted_comes_back_whole_into_the_running_site(
        served_site) -> None:
    site, server = served_site
    first = post_comment(server.base, "The first comment, before any backup.")
    assert first is not None
    reply = post_comment(server.base, "A reply to it.", parent=first)
    assert post_comment(server.base, "A reply to the reply.", parent=reply) is not None
    assert post_comment(server.base, "Soon marked as spam.") is not None
    site.query("UPDATE comments_comment SET status = 'spam' WHERE body = 'Soon marked as spam.'")
    commenter = Commenter(server.base)
    commenter.start()
    try:
        commenter.wait_for(3)
        before = snapshot(site)
        confirmed_before = commenter.acknowledged(before=time.monotonic())
        site.sokhan("backup", str(site.backup_file)).check_returncode()
        after, backup_done = snapshot(site), time.monotonic()
        commenter.wait_for(2, started_after=backup_done)  # these cannot be in the backup
    finally:
        commenter.stop.set()
        commenter.join()
    assert not commenter.errors
    posted_later = {p.text for p in commenter.posts if p.started > backup_done}

    other = next(row for row in before.statements.values()
                 if row.language == "en" and row.slug != DEMO_SLUG)
    page = f"{server.base}/en/statements/{other.slug}/"
    site.sokhan("manage", "shell", "-c", changes_after_the_backup(other.slug)
                ).check_returncode()
    for _ in range(6):  # each worker now has the changed pages, maybe kept in its memory
        assert b"Retitled after the backup" in fetch(page)[1]
        assert fetch(server.base + DEMO)[0] == 404

    restored_run = site.sokhan("restore", str(site.backup_file), "--yes")

    assert restored_run.returncode == 0, restored_run.stderr
    assert restored_run.stdout.strip() == f"Restored {site.backup_file}."
    restored = snapshot(site)
    assert restored.statements == before.statements == after.statements
    # Comments posted during the backup may or may not be in it; everything else is exact.
    assert before.comments.items() <= restored.comments.items() <= after.comments.items()
    assert confirmed_before <= restored.bodies
    assert not posted_later & restored.bodies
    # The running workers serve the restored data: no restart, no stale page.
    for _ in range(6):
        status, html, _headers = fetch(page)
        assert status == 200 and b"Retitled after the backup" not in html
        assert escape(other.title).encode() in html  # the title as it was
        status, html, _headers = fetch(server.base + DEMO)
        assert status == 200 and b"A reply to the reply." in html


def test_a_restore_while_comments_are_posted_succeeds_and_no_commenter_sees_an_error(
        served_site) -> None:
    """A restore at a busy moment: PostgreSQL once stopped it as a deadlock with the
    comments being written (and could as well have stopped a commenter's transaction)."""
    site, server = served_site
    site.sokhan("backup", str(site.backup_file)).check_returncode()
    commenters = [Commenter(server.base) for _ in range(3)]
    for commenter in commenters:
        commenter.start()
    try:
        for _ in range(3):
            for commenter in commenters:
                commenter.wait_for(1, started_after=time.monotonic())
            restored = site.sokhan("restore", str(site.backup_file), "--yes")
            assert restored.returncode == 0, restored.stderr
    finally:
        for commenter in commenters:
            commenter.stop.set()
        for commenter in commenters:
            commenter.join()
    posts = [post for commenter in commenters for post in commenter.posts]
    assert not [error for commenter in commenters for error in commenter.errors]
    assert {post.status for post in posts} <= {200, None}, sorted(
        {post.status for post in posts}, key=str)


def waiting_for_a_lock(site: Site) -> None:
    """Once another connection to the site's database waits for a lock."""
    deadline = time.monotonic() + 60
    while not site.query("SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                         " AND datname = current_database()"):
        assert time.monotonic() < deadline, "nothing waited for a lock"
        time.sleep(0.01)


INSERTING = "LOCK TABLE comments_comment IN ROW EXCLUSIVE MODE"  # what an INSERT holds
CHECKING = "LOCK TABLE publishing_statement IN ROW SHARE MODE"  # its foreign key, at COMMIT


@pytest.mark.parametrize("quiet_site", VENDORS[1:], indirect=True)  # SQLite has one lock
@pytest.mark.parametrize(("first", "then"), [(INSERTING, CHECKING), (CHECKING, INSERTING)])
def test_a_restore_lets_a_transaction_that_holds_its_tables_finish_then_takes_them(
        quiet_site, first: str, then: str) -> None:
    """A deadlock, made on purpose: a comment's transaction holds one table while the
    restore starts, then asks for another that the restore may already hold. PostgreSQL
    stopped one of them (the first order did with pg_restore's own order of locking);
    now both end well, whichever table each takes first."""
    import psycopg

    with closing(psycopg.connect(quiet_site.url)) as writer:
        writer.execute(first)
        restore = subprocess.Popen([SOKHAN, "restore", str(quiet_site.backup_file), "--yes"],
                                   env=quiet_site.env, stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, text=True)
        waiting_for_a_lock(quiet_site)
        time.sleep(0.1)  # and has taken what it takes before
        writer.execute(then)
        writer.commit()
        out, err = restore.communicate(timeout=120)
    assert restore.returncode == 0, err
    assert out.strip() == f"Restored {quiet_site.backup_file}."


@pytest.mark.own_postgresql
def test_another_program_s_table_in_the_database_does_not_stop_a_restore(tmp_path) -> None:
    # The restore locked every table in sight, and the site's role may not lock another
    # program's: every restore failed ("psql failed … 42501").
    psycopg = pytest.importorskip("psycopg")
    name = f"sokhan_restore_{secrets.token_hex(4)}"
    with closing(_administrator()) as admin:
        admin.execute(f'CREATE ROLE "{name}" LOGIN')
        admin.execute(f'CREATE DATABASE "{name}" OWNER "{name}"')
        try:
            url = urlsplit(postgres_url(name))
            site = Site("postgresql", tmp_path / "data",
                        url._replace(netloc=f"{name}@{url.hostname}:{url.port or 5432}").geturl())
            run(["setup"], site.env)
            site.sokhan("backup", str(site.backup_file)).check_returncode()
            with closing(psycopg.connect(postgres_url(name), autocommit=True)) as owner:
                owner.execute("CREATE TABLE other_program (id int)")
                owner.execute(f'GRANT SELECT ON other_program TO "{name}"')
            restored = site.sokhan("restore", str(site.backup_file), "--yes")
            assert restored.returncode == 0, restored.stderr
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin.execute(f'DROP ROLE IF EXISTS "{name}"')


# --- Refusals: nothing is written, and the operator reads one sentence ----------------------

@pytest.fixture(scope="module", params=VENDORS)
def quiet_site(request, tmp_path_factory) -> Iterator[Site]:
    """A site nobody is using, with a good backup and one from a newer Sokhan."""
    with new_site(request.param, tmp_path_factory.mktemp(request.param)) as site:
        site.sokhan("backup", str(site.backup_file)).check_returncode()
        future = "INSERT INTO django_migrations (app, name, applied) VALUES"
        site.query(f"{future} ('comments', '9999_from_the_future', CURRENT_TIMESTAMP)")
        site.sokhan("backup", str(site.data.parent / f"future-{site.backup_file.name}")
                    ).check_returncode()
        site.query("DELETE FROM django_migrations WHERE name = '9999_from_the_future'")
        yield site


def damaged(site: Site, path: Path) -> None:
    """The good backup with part of its statements overwritten, as a failing disk would
    leave it."""
    data = bytearray(site.backup_file.read_bytes())
    if site.vendor == "sqlite":
        with closing(sqlite3.connect(f"file:{site.backup_file}?mode=ro", uri=True)) as db:
            page = db.execute("SELECT rootpage FROM sqlite_master"
                              " WHERE name = 'publishing_statement'").fetchone()[0]
            start = (page - 1) * db.execute("PRAGMA page_size").fetchone()[0]
    else:
        start = len(data) * 3 // 4  # past the table of contents, among the rows
    data[start:start + 1024] = b"\xff" * 1024
    path.write_bytes(bytes(data))


def other_program(_site: Site, path: Path) -> None:
    with closing(sqlite3.connect(path)) as db:
        db.execute("CREATE TABLE notes (body TEXT)")
        db.execute("INSERT INTO notes VALUES ('not Sokhan')")
        db.commit()


NOT_BACKUPS = {
    # name: (how the file is made, what the error says)
    "a text file": (lambda _s, p: p.write_text("My notes\n"), "is not a Sokhan backup"),
    "an empty file": (lambda _s, p: p.write_bytes(b""), "is not a Sokhan backup"),
    "another program's SQLite database": (
        other_program, "is a database but not Sokhan's|is a SQLite database but this site"),
    "a damaged backup": (damaged, "is damaged"),
    "a backup cut short": (lambda s, p: p.write_bytes(s.backup_file.read_bytes()[:20000]),
                           "is damaged|cannot be read by pg_restore"),
    "a backup from a newer Sokhan": (
        lambda s, p: p.write_bytes((s.data.parent / f"future-{s.backup_file.name}")
                                   .read_bytes()),
        "newer version of Sokhan.*comments.9999_from_the_future"),
    "a file only starting like a pg_dump archive": (
        lambda _s, p: p.write_bytes(b"PGDMP" + b"\0" * 100),
        "is a PostgreSQL archive .* but this site uses SQLite|cannot be read by pg_restore"),
}


def one_sentence(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("Error: ") and lines[0].endswith("."), stderr
    assert ". " not in lines[0], stderr
    return lines[0]


@pytest.mark.parametrize("case", NOT_BACKUPS)
def test_what_is_not_a_backup_is_refused_and_the_database_left_as_it_was(quiet_site, case,
                                                                        tmp_path) -> None:
    make, says = NOT_BACKUPS[case]
    path = tmp_path / "offered.file"
    make(quiet_site, path)
    before = snapshot(quiet_site)

    result = quiet_site.sokhan("restore", str(path), "--yes")

    assert result.returncode != 0
    assert re.search(says, one_sentence(result.stderr)), result.stderr
    assert snapshot(quiet_site) == before


def test_the_live_sqlite_database_is_not_a_backup_of_itself(quiet_site) -> None:
    if quiet_site.vendor != "sqlite":
        pytest.skip("only a SQLite site has its database in a file")
    result = quiet_site.sokhan("restore", str(quiet_site.data / "sokhan.sqlite3"), "--yes")
    assert result.returncode != 0
    assert "is the live database itself" in one_sentence(result.stderr)


def test_restore_asks_first_and_no_changes_nothing(quiet_site) -> None:
    quiet_site.query("UPDATE publishing_statement SET title = 'Changed since the backup'")
    before = snapshot(quiet_site)

    declined = quiet_site.sokhan("restore", str(quiet_site.backup_file), answer="n\n")

    assert declined.returncode != 0
    assert "whatever was written since that backup is lost. Continue? [y/N]" in declined.stdout
    assert snapshot(quiet_site) == before

    accepted = quiet_site.sokhan("restore", str(quiet_site.backup_file), answer="y\n")

    assert accepted.returncode == 0, accepted.stderr
    titles = {row[0] for row in quiet_site.query("SELECT title FROM publishing_statement")}
    assert "Changed since the backup" not in titles and len(titles) == 7


def test_a_backup_from_an_older_version_is_migrated_after_restoring(quiet_site) -> None:
    old = quiet_site.data.parent / f"old-{quiet_site.backup_file.name}"
    # Sokhan before comments had fingerprints: the schema of an older release.
    quiet_site.sokhan("manage", "migrate", "comments", "0001").check_returncode()
    quiet_site.sokhan("backup", str(old)).check_returncode()
    quiet_site.sokhan("manage", "migrate").check_returncode()

    result = quiet_site.sokhan("restore", str(old), "--yes")

    assert result.returncode == 0, result.stderr
    newer = len(list(MIGRATIONS.glob("0*.py"))) - 1  # every comments migration after 0001
    assert result.stdout.strip() == (f"Restored {old}; {newer} migration"
                                     f"{'s' if newer > 1 else ''} applied to bring it up to "
                                     "date.")
    assert quiet_site.sokhan("manage", "migrate", "--check").returncode == 0
    # The column the newer migration adds is back: the query raises without it.
    quiet_site.query("SELECT count(*) FROM comments_comment WHERE fingerprint = ''")


@pytest.mark.parametrize(("app", "before", "table"), [
    ("antispam", "0001", "antispam_defence"),
    # A newer table with a foreign key into the backup's tables (the authenticator
    # devices point at users): --clean could not drop what it held on to.
    ("otp_totp", "zero", "otp_totp_totpdevice"),
])
def test_a_backup_from_before_a_table_existed_is_restored_and_migrated(
        quiet_site, app, before, table) -> None:
    # On PostgreSQL pg_restore --clean leaves the tables the archive does not have, and
    # the migration that makes them again stopped at "relation already exists".
    old = quiet_site.data.parent / f"before-{app}-{quiet_site.backup_file.name}"
    quiet_site.sokhan("manage", "migrate", app, before).check_returncode()
    quiet_site.sokhan("backup", str(old)).check_returncode()
    quiet_site.sokhan("manage", "migrate").check_returncode()

    result = quiet_site.sokhan("restore", str(old), "--yes")

    assert result.returncode == 0, result.stderr
    assert quiet_site.sokhan("manage", "migrate", "--check").returncode == 0
    quiet_site.query(f"SELECT count(*) FROM {table}")  # raises if the table is not there


@pytest.mark.parametrize("quiet_site", VENDORS[1:], indirect=True)  # its restore path
def test_a_pg_restore_that_dies_half_way_leaves_the_database_as_it_was(quiet_site,
                                                                       tmp_path) -> None:
    # psql commits what arrived when its input ends: a pg_restore killed half-way (out of
    # memory, say; here it stops before the statements' rows) left half a database.
    real = shutil.which("pg_restore")
    fake = tmp_path / "bin" / "pg_restore"
    fake.parent.mkdir()
    fake.write_text(f"""#!/bin/sh
case "$*" in
  *--clean*) "{real}" "$@" | sed '/^COPY public.publishing_statement /,$d'; exit 1 ;;
  *) exec "{real}" "$@" ;;
esac
""")
    fake.chmod(0o755)
    before = quiet_site.query("SELECT count(*) FROM publishing_statement")
    env = {**quiet_site.env, "PATH": f"{fake.parent}:{quiet_site.env['PATH']}"}
    result = subprocess.run([SOKHAN, "restore", str(quiet_site.backup_file), "--yes"], env=env,
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode != 0 and "pg_restore" in result.stderr
    assert quiet_site.query("SELECT count(*) FROM publishing_statement") == before


def test_address_keys_made_after_the_backup_survive_it(quiet_site) -> None:
    # Running workers keep the current key in memory; were it gone from the database, a
    # new worker would make another and hash the same address differently.
    quiet_site.query("INSERT INTO comments_addresskey (period, key) VALUES (999999, 'ab')")

    result = quiet_site.sokhan("restore", str(quiet_site.backup_file), "--yes")

    assert result.returncode == 0, result.stderr
    assert quiet_site.query("SELECT key FROM comments_addresskey WHERE period = 999999") == [
        ("ab",)]
