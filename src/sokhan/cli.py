"""The ``sokhan`` command: set up, serve, import, export, back up and restore a Sokhan site.

Every option can also come from its SOKHAN_* environment variable (``sokhan settings``
lists them). Errors an operator can fix are one sentence that says how.
"""

from __future__ import annotations

import errno
import fcntl
import ipaddress
import os
import re
import secrets
import smtplib
import socket
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import click

from sokhan import conf

DEMO_DIR = Path(__file__).resolve().parent / "publishing" / "demo"


def _django() -> None:
    """Configure Django once, turning a bad setting into a one-line error."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sokhan.settings")
    import django

    from sokhan.website.translations import compile_catalogues

    compile_catalogues()

    try:
        django.setup()
    except conf.SettingError as error:
        raise click.ClickException(str(error)) from None


def _call(*args: str, **options: object) -> None:
    from django.core.management import call_command

    call_command(*args, **options)


def _setting(name: str) -> object:
    """A setting's value for an option's default, or the one-line error that says why not."""
    try:
        return conf.value(name)
    except conf.SettingError as error:
        raise click.ClickException(str(error)) from None


def _brand_new() -> bool:
    """Whether the database has never been migrated: a site being set up for the first
    time. A database that cannot be reached is left to _migrate to report."""
    from django.db import DatabaseError, connection
    from django.db.migrations.recorder import MigrationRecorder

    try:
        recorder = MigrationRecorder(connection)
        return not recorder.has_table() or not recorder.migration_qs.exists()
    except DatabaseError:
        return False


def _pending_migrations() -> int:
    """How many migrations the database lacks; 0 when it cannot be reached (_migrate then
    says so)."""
    from django.db import DatabaseError, connection
    from django.db.migrations.executor import MigrationExecutor

    try:
        executor = MigrationExecutor(connection)
        return len(executor.migration_plan(executor.loader.graph.leaf_nodes()))
    except DatabaseError:
        return 0


def _migrate(verbosity: int) -> None:
    """Migrations, one process at a time: servers started together would otherwise race
    to create the same tables (and one would fail half-way). A database that cannot be
    reached is one sentence, not a traceback."""
    from django.conf import settings
    from django.db import DatabaseError, connection

    try:
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                # Try, then sleep, rather than wait inside a query: a waiting query is an
                # open transaction, which the other's CREATE INDEX CONCURRENTLY would wait
                # for in turn (PostgreSQL reports the deadlock).
                while not _fetch_one(cursor, "SELECT pg_try_advisory_lock(%s)",
                                     _MIGRATION_LOCK):
                    time.sleep(0.5)
                try:
                    _call("migrate", interactive=False, verbosity=verbosity)
                finally:
                    cursor.execute("SELECT pg_advisory_unlock(%s)", [_MIGRATION_LOCK])
        else:
            lock = os.open(settings.DATA_DIR / "migrate.lock", os.O_RDWR | os.O_CREAT, 0o600)
            try:
                fcntl.flock(lock, fcntl.LOCK_EX)
                _call("migrate", interactive=False, verbosity=verbosity)
            finally:
                os.close(lock)
    except DatabaseError as error:
        first_line = str(error).strip().splitlines()[0] if str(error).strip() else error
        raise click.ClickException(f"The database refused or could not be reached "
                                   f"({first_line}); {conf.database_hint()}.") from None


_MIGRATION_LOCK = 0x5050_4B48_414E  # any number of our own: "sokhan migrates"


def _fetch_one(cursor: object, sql: str, *params: object) -> object:
    cursor.execute(sql, params)  # type: ignore[attr-defined]
    return cursor.fetchone()[0]  # type: ignore[attr-defined]


# What a full disk, a read-only mount or a folder that is not one's own raise: the
# operator's to fix, so one sentence that names the place, not a traceback.
_STORAGE = {errno.EROFS, errno.EACCES, errno.EPERM, errno.ENOSPC, errno.EDQUOT, errno.EISDIR,
            errno.ENOTDIR, errno.EIO, errno.ENOENT}


def _storage_sentence(error: OSError) -> str:
    """What could not be used, and where to look: the data folder only when it is there."""
    data = Path(conf.raw("SOKHAN_DATA_DIR")).resolve()
    place = Path(os.fsdecode(error.filename)).resolve() if error.filename else None
    where = f" {place}" if place else ""
    if place is None or place == data or data in place.parents:
        return (f"Could not use{where}: {error.strerror}; check that SOKHAN_DATA_DIR "
                f"({conf.raw('SOKHAN_DATA_DIR')}) is writable and has free space.")
    return f"Could not use{where}: {error.strerror}."


class _Commands(click.Group):
    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except OSError as error:
            if error.errno not in _STORAGE:
                raise
            raise click.ClickException(_storage_sentence(error)) from None
        except Exception as error:
            database = sys.modules.get("django.db")
            if database is None or not isinstance(error, database.DatabaseError):
                raise
            first_line = (str(error).strip().splitlines() or [type(error).__name__])[0]
            hint = ("run `sokhan migrate` first" if "no such table" in first_line
                    or "does not exist" in first_line and "relation" in first_line
                    else conf.database_hint())
            raise click.ClickException(f"The database could not be used ({first_line}); "
                                       f"{hint}.") from None


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="sokhan")
@click.pass_context
def main(ctx: click.Context) -> None:
    """Sokhan: an organisation's statements, published, read and commented on."""
    # `settings` only reads the settings. (Not --help: `sokhan manage CMD --help` is
    # Django's, which sets the site up, data folder and all, before it prints.)
    if ctx.invoked_subcommand != "settings":
        _refuse_root_in_a_site_of_its_own()


def _refuse_root_in_a_site_of_its_own() -> None:
    """A command run as root in a data folder that belongs to the site's own user makes
    files there (the page-cache counters, the rate counts, the login failures) that user
    cannot open: the service's next start then died in every worker, in a loop, and a
    wrong admin password answered 500."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return
    folder = Path(conf.raw("SOKHAN_DATA_DIR")).resolve()
    # Not made yet (a first setup): whoever owns the folder it would be made in. Made by
    # root, mode 0700, the site's own user could not even enter it.
    existing = next((f for f in (folder, *folder.parents) if f.exists()), None)
    if existing is None:
        return
    owner = existing.stat().st_uid
    if owner == 0:
        return
    try:
        import pwd

        name = pwd.getpwuid(owner).pw_name
    except (ImportError, KeyError):
        name = str(owner)
    whose = (f"The data folder {folder} belongs to the user {name}" if existing == folder
             else f"The data folder {folder} would be made in {existing}, which belongs to "
                  f"the user {name}")
    raise click.ClickException(
        f"{whose}: run this as that user (sudo -u {name} sokhan …), as the site's service "
        "does. Files this command made there as root would be unreadable to the site. "
        "Nothing was done.")


@main.result_callback()
def _announced(*_: object, **__: object) -> None:
    """A command that changed pages while Redis was away (`sokhan import`, `restore`, a
    `manage shell`) said "Restored" and exited 0, and every server kept the old pages:
    the thread that would have told them died with it. It fails now, saying what to do."""
    counters = sys.modules.get("sokhan.pagecache.counters")
    if counters is not None and counters.unannounced():
        raise click.ClickException(
            "Redis did not answer: the change is in the database, but the servers were not "
            "told and keep serving the pages from before it (for up to "
            "SOKHAN_PAGE_CACHE_SECONDS). Once Redis answers, run `sokhan refresh`.")


@main.command()
def migrate() -> None:
    """Create or update the database tables."""
    _django()
    new = _brand_new()
    _migrate(verbosity=1)
    if new:
        # Run without the site's settings, it made a new site where it stood, unsaid.
        from django.conf import settings
        from django.db import connection

        where = (f"PostgreSQL database {connection.settings_dict['NAME']}"
                 if connection.vendor == "postgresql" else str(settings.DATA_DIR))
        # (Not "run `sokhan setup`": a site moved to PostgreSQL is loaded into the new
        # database next, which an administrator made by setup would be in the way of.)
        click.echo(f"Note: that was a new site, in {where}. To upgrade an existing one, run "
                   "this with the settings it runs with (SOKHAN_DATA_DIR, and DATABASE_URL on "
                   "PostgreSQL). A new site is ready to serve once `sokhan setup` has made "
                   "its administrator, or, for a site moved here, once its data is loaded "
                   "(docs/deploy.md).", err=True)


@main.command()
@click.option("--username", default=lambda: conf.raw("SOKHAN_ADMIN_USERNAME"),
              show_default="SOKHAN_ADMIN_USERNAME or admin", help="User name of the account.")
@click.option("--email", default="", help="E-mail address of the account (optional).")
@click.option("--if-none", is_flag=True,
              help="Do nothing when the site has staff already (for scripts: `sokhan setup` "
                   "runs it at every upgrade).")
def createadmin(username: str, email: str, if_none: bool) -> None:
    """Create an administrator. The password is SOKHAN_ADMIN_PASSWORD or printed once."""
    _site_exists(_SET_UP_FIRST)
    _django()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.db.models import Q

    from sokhan.website.roles import ADMINISTRATORS

    users = get_user_model()
    # Staff of any kind: an upgrade of a site run by its Administrators group (no superuser)
    # failed on the taken name "admin", or, the first account renamed, made a new one.
    if if_none and users.objects.filter(Q(is_superuser=True) | Q(is_staff=True)).exists():
        return
    if users.objects.filter(username=username).exists():
        raise click.ClickException(f"A user named {username!r} exists already; choose "
                                   "another name with --username.")
    password = conf.raw("SOKHAN_ADMIN_PASSWORD") or secrets.token_urlsafe(12)
    _check_account(users(username=username, email=email), password)
    user = users.objects.create_superuser(username=username, email=email, password=password)
    user.groups.add(Group.objects.get_or_create(name=ADMINISTRATORS)[0])
    if conf.raw("SOKHAN_ADMIN_PASSWORD"):
        click.echo(f"Administrator {username!r} created with the password from "
                   "SOKHAN_ADMIN_PASSWORD.")
    else:
        click.echo(f"Administrator {username!r} created. Password (shown only now): "
                   f"{password}")
    from django.conf import settings

    if settings.SOKHAN_STAFF_2FA:
        click.echo("At the first login the admin asks to set up an authenticator app "
                   "(two-factor authentication; SOKHAN_STAFF_2FA=false turns it off).")


@main.command()
@click.option("--if-empty", is_flag=True, help="Only when the site has no statements yet.")
def demo(if_empty: bool) -> None:
    """Load the demo statements (English and Persian) of a fictional organisation."""
    _site_exists(_SET_UP_FIRST)
    _django()
    from sokhan.publishing.models import Statement
    from sokhan.publishing.transfer import import_paths
    from sokhan.website.models import SiteSettings

    if if_empty and Statement.objects.exists():
        return
    outcomes = import_paths([DEMO_DIR])
    site = SiteSettings.load()
    if site.organisation_name == "Sokhan":
        site.organisation_name, site.organisation_name_fa = "The Civic Assembly", "مجمع مدنی"
        site.save()
    loaded = sum(o.action in ("created", "updated") for o in outcomes)
    others = [f"{sum(o.action == a for o in outcomes)} {a}" for a in ("unchanged", "refused")
              if any(o.action == a for o in outcomes)]
    click.echo(f"Demo content: {loaded} statements loaded"
               + (f" ({', '.join(others)})" if others else "") + ".")


@main.command(name="import")
@click.argument("paths", nargs=-1, required=True,
                type=click.Path(exists=True, path_type=Path))
def import_(paths: tuple[Path, ...]) -> None:
    """Import statements from Markdown or HTML files with YAML front matter (or folders)."""
    _site_exists()
    _django()
    from sokhan.publishing.document import SUFFIXES
    from sokhan.publishing.transfer import import_file, sorted_out

    files, skipped = sorted_out(paths)
    outcomes = []
    # A bar on a terminal only: elsewhere (a log, a pipe) it printed a lone "Importing",
    # which landed among the report's lines (editors' review).
    with click.progressbar(files, label="Importing", file=sys.stderr, show_pos=True,
                           hidden=not sys.stderr.isatty()) as bar:
        for path in bar:
            outcomes.append(import_file(path))
    for outcome in outcomes:
        click.echo(str(outcome))
    counts = {action: sum(o.action == action for o in outcomes)
              for action in ("created", "updated", "unchanged", "refused")}
    click.echo(", ".join(f"{n} {action}" for action, n in counts.items()))
    # Said, not passed over in silence: a folder of .txt files "imported" as 0 of
    # everything, where the same file named alone was refused (a review of the docs).
    if skipped:
        shown = ", ".join(str(path) for path in skipped[:5])
        more = f" and {len(skipped) - 5} more" if len(skipped) > 5 else ""
        click.echo(f"{_counted(len(skipped), 'file')} in the folders not read (only files "
                   f"ending in {', '.join(SUFFIXES)} are): {shown}{more}")
    if counts["refused"]:
        sys.exit(1)


@main.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
def export(directory: Path) -> None:
    """Write every statement to DIRECTORY as files that `sokhan import` reads back."""
    _site_exists()
    _django()
    from sokhan.publishing.transfer import export_all

    count = sum(1 for _path in export_all(directory))
    click.echo(f"{_counted(count, 'statement')} written to {directory}")


_SET_UP_FIRST = " (A new site is made by `sokhan setup`.)"


def _has_site() -> bool:
    """Before Django is set up, which would make the data folder, a secret key and an empty
    database file: a SQLite site with no database file is a command run without the
    site's settings."""
    if conf.text("DATABASE_URL"):
        return True
    return (_data_dir() / conf.SQLITE_FILE).exists()


def _data_dir() -> Path:
    return Path(conf.text("SOKHAN_DATA_DIR")).resolve()


def _site_exists(new_machine: str = "") -> None:
    """Refuse a command that needs the site, run without its settings, before it writes."""
    if not _has_site():
        folder = _data_dir()
        raise click.ClickException(
            f"No site in {folder} (SOKHAN_DATA_DIR): run this with the settings the site "
            "runs with (SOKHAN_DATA_DIR, and DATABASE_URL on PostgreSQL). Nothing was "
            "written." + new_machine)


@main.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
def backup(file: Path) -> None:
    """Copy the database to FILE while the site keeps serving (SQLite's backup API, or
    pg_dump on PostgreSQL); `sokhan restore FILE` puts it back."""
    _site_exists()
    _django()
    from sokhan.website import backup as backups

    try:
        backups.backup(file)
    except backups.BackupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Backup written to {file}")


@main.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Restore without asking for confirmation.")
def restore(file: Path, yes: bool) -> None:
    """Replace all data with a backup made by `sokhan backup`; running workers serve it at
    once, without a restart. FILE is checked first: a file that is not such a backup is
    refused and the database left as it was."""
    # Without the site's settings it "restored" into a new, empty site in ./var, and said
    # so, while the real one was untouched.
    _site_exists(" On a new machine, set the site up first: `sokhan setup --no-demo` "
                 "with its settings (docs/backup.md).")
    _django()
    from sokhan.website import restore as restores

    try:
        checked = restores.check(file)
        if not yes:
            # Asked only once the file is known to be good, as Django's flush asks.
            click.confirm(f"This replaces all data in the {restores.describe_live()} with "
                          f"the backup {file}; whatever was written since that backup is "
                          "lost. Continue?", abort=True)
        applied = restores.restore(checked)
    except restores.BackupError as error:
        raise click.ClickException(str(error)) from None
    migrations = f"{len(applied)} migration" + ("s" if len(applied) > 1 else "")
    click.echo(f"Restored {file}" + (f"; {migrations} applied to bring it up to date."
                                     if applied else "."))


@main.command()
def purge() -> None:
    """Delete what Sokhan keeps only for a while, now (each server process does it hourly)."""
    _site_exists()
    _django()
    from django.conf import settings

    from sokhan.comments import retention

    done = retention.run()
    comments, forgotten, emails, removed = done.comments, done.keys, done.emails, done.words
    days = settings.SOKHAN_PENDING_RETENTION_DAYS
    waited = (f"{_counted(comments, 'comment')} that waited for moderation (or "
              f"{'was' if comments == 1 else 'were'} marked as spam) longer than {days} days"
              if days else "no comment (SOKHAN_PENDING_RETENTION_DAYS=0 keeps those waiting "
              "for moderation or marked as spam)")
    email_days = settings.SOKHAN_EMAIL_RETENTION_DAYS
    addresses = (f"the e-mail addresses of {_counted(emails, 'comment')} older than "
                 f"{email_days} days" if email_days else "no e-mail address "
                 "(SOKHAN_EMAIL_RETENTION_DAYS=0 keeps them)")
    removed_days = settings.SOKHAN_REMOVED_RETENTION_DAYS
    words = (f"the words of {_counted(removed, 'comment')} removed more than {removed_days} "
             "days ago" if removed_days else "no removed comment's words "
             "(SOKHAN_REMOVED_RETENTION_DAYS=0 keeps them)")
    click.echo(f"Deleted {waited}, {addresses}, {words}, the blocks that have ended and "
               f"{_counted(forgotten, 'address key')} that no block needs.")


def _counted(count: int, noun: str) -> str:
    """The number and its noun, agreeing: 1 comment, 0 comments, 2 comments."""
    return f"{count} {noun}{'' if count == 1 else 's'}"


@main.command()
@click.option("--now", "whenever", is_flag=True,
              help="Even if the last mail (or a failed try) was less than "
                   "SOKHAN_MODERATION_MAIL_MINUTES ago: to check the mail settings.")
def notify(whenever: bool) -> None:
    """Mail moderators about new pending comments now, if the mail interval has passed."""
    _site_exists()
    _django()
    from sokhan.comments import notifications

    try:
        sent = notifications.send_due(whenever=whenever)
    except (OSError, smtplib.SMTPException) as error:
        raise click.ClickException(f"The mail could not be sent ({error}); check the mail "
                                   "settings (SOKHAN_SMTP_HOST and the rest), then try again "
                                   "with `sokhan notify --now`. The comments will be in the "
                                   "next mail.") from None
    if sent:
        click.echo("Mailed the moderators about the new pending comments.")
    elif whenever:
        click.echo("Nothing to mail: no moderator with an e-mail address, or no pending "
                   "comment that was not mailed already.")
        click.echo(_mail_server_checked())
    else:
        click.echo("Nothing to mail: no moderator with an e-mail address, no new pending "
                   "comment, or the last mail (or try) was less than "
                   "SOKHAN_MODERATION_MAIL_MINUTES ago (`--now` sends anyway).")


def _mail_server_checked() -> str:
    """`notify --now` is how an operator checks the mail settings: with nothing to mail it
    said so and never reached the mail server. It connects and logs in, and sends nothing."""
    from django.conf import settings
    from django.core.mail import get_connection

    if not settings.EMAIL_BACKEND.endswith("smtp.EmailBackend"):
        return "No mail server is set (SOKHAN_SMTP_HOST): mails are written to the log."
    connection = get_connection()
    try:
        connection.open()
    except (OSError, smtplib.SMTPException) as error:
        raise click.ClickException(
            f"The mail server {settings.EMAIL_HOST}:{settings.EMAIL_PORT} could not be used "
            f"({error}); check the mail settings (SOKHAN_SMTP_HOST and the rest).") from None
    connection.close()
    return (f"The mail server {settings.EMAIL_HOST}:{settings.EMAIL_PORT} took the "
            "connection" + (" and the login." if settings.EMAIL_HOST_USER
                            and settings.EMAIL_HOST_PASSWORD else "."))


@main.command()
def refresh() -> None:
    """Mark every page on every server out of date (after changing data past Sokhan, or
    when a command could not reach Redis)."""
    _site_exists()
    _django()
    # A Redis that refuses the database or the password: said at once, with what it said
    # (it waited ten seconds, then said Redis had not answered).
    _check_redis(serving=False)
    from sokhan.pagecache import counters, invalidation

    invalidation.everything_changed()
    if counters.unannounced():  # (said here: _announced would wait for Redis again)
        raise click.ClickException(
            "Redis did not answer: the servers were not told, and keep serving the pages "
            "from before (for up to SOKHAN_PAGE_CACHE_SECONDS). Run `sokhan refresh` again "
            "once Redis answers.")
    click.echo("Every page is out of date: each is rendered again at its next request.")


@main.command()
def reindex() -> None:
    """Rebuild the search index from every statement, and the moderators' search keys and
    the prints (for comments alike) of every comment (after an upgrade or a bulk change)."""
    _site_exists()
    _django()
    from sokhan.comments import searchkeys
    from sokhan.comments.models import Comment
    from sokhan.publishing.models import Statement
    from sokhan.search import index

    with click.progressbar(length=Statement.objects.count(), label="Indexing",
                           file=sys.stderr, show_pos=True) as bar:
        count = index.rebuild(on_progress=bar.update)
    with click.progressbar(length=Comment.objects.count(), label="Keying comments",
                           file=sys.stderr, show_pos=True) as bar:
        keyed = searchkeys.rekey(on_progress=bar.update)
    click.echo(f"Search index rebuilt: {_counted(count, 'statement')}; "
               f"{_counted(keyed, 'comment')} keyed for the moderators' search and printed "
               "for comments alike.")


def _check_account(user: Any, password: str) -> None:
    """The checks the admin's own forms make, as one sentence each, before anything is
    written: a name the database takes, an e-mail address, a password Django's validators
    accept (a weak SOKHAN_ADMIN_PASSWORD used to be taken as it was). In English, as the
    rest of the command line and Django's own commands speak, whatever language the
    process had active."""
    from django.contrib.auth import password_validation
    from django.core.exceptions import ValidationError
    from django.utils import translation

    with translation.override(None):
        try:
            user.clean_fields(exclude=["password", "last_login", "date_joined"])
            password_validation.validate_password(password, user)
        except ValidationError as error:
            if not hasattr(error, "error_dict"):  # the password's
                raise click.ClickException("SOKHAN_ADMIN_PASSWORD is too weak: "
                                           f"{' '.join(error.messages)}") from None
            field, messages = next(iter(error.message_dict.items()))
            option = ("--username (or SOKHAN_ADMIN_USERNAME)" if field == "username"
                      else f"--{field}")
            raise click.ClickException(f"{option}: {' '.join(messages)}") from None


@main.command()
@click.option("--no-demo", is_flag=True,
              help="Do not load the demo statements into a new site (for a real one).")
def setup(no_demo: bool) -> None:
    """Everything `make run` needs: migrate, static files, demo content, an administrator.

    The demo is loaded only into a database this command creates: run again to upgrade,
    or on a site whose statements were all deleted, it adds no fictional organisation.
    """
    _django()
    _system_checks()
    new = _brand_new()
    pending = _pending_migrations()
    if not new and pending:  # a long one (comments rendered again, the search index
        # rebuilt) said nothing for minutes on a large site (an upgrade review)
        click.echo(f"Bringing the database up to date ({pending} migration"
                   f"{'s' if pending > 1 else ''})…")
    _migrate(verbosity=0)
    if not new:  # an upgrade: said, as `sokhan restore` says it (it said nothing)
        click.echo(f"Database brought up to date: {pending} migration"
                   f"{'s' if pending > 1 else ''} applied." if pending
                   else "The database was up to date.")
    _collect_static()
    if new and not no_demo:
        demo.callback(if_empty=True)  # type: ignore[misc]
    createadmin.callback(username=conf.raw("SOKHAN_ADMIN_USERNAME"), email="",  # type: ignore[misc]
                         if_none=True)


@main.command()
@click.option("--host", default=lambda: _setting("SOKHAN_HOST"), show_default="SOKHAN_HOST",
              help="Address to listen on.")
@click.option("--port", type=click.IntRange(1, 65535), default=lambda: _setting("SOKHAN_PORT"),
              show_default="SOKHAN_PORT", help="Port to listen on.")
@click.option("--workers", type=click.IntRange(min=0),
              default=lambda: _setting("SOKHAN_WORKERS"),
              show_default="SOKHAN_WORKERS", help="Worker processes; 0 means one per core.")
@click.option("--threads", type=click.IntRange(min=1),
              default=lambda: max(1, int(_setting("SOKHAN_THREADS"))),  # type: ignore[call-overload]
              show_default="SOKHAN_THREADS", help="Request threads in each worker.")
@click.option("--new-secret", is_flag=True,
              help="Serve with a secret key other than the one the site was served with: "
                   "after replacing SOKHAN_SECRET_KEY on purpose, on every server.")
def serve(host: str, port: int, workers: int, threads: int, new_secret: bool) -> None:
    """Serve the site with granian, a production HTTP server, static files included."""
    _check_address(host, port)
    _django()
    _system_checks()
    from django.conf import settings
    from django.db import connection
    from granian import Granian
    from granian.constants import Interfaces

    _migrate(verbosity=0)
    _check_secret(adopt=new_secret)
    _check_redis()
    _collect_static()
    if connection.vendor == "postgresql" and not settings.SOKHAN_REDIS_URL:
        click.echo("Note: PostgreSQL without SOKHAN_REDIS_URL. If another server shares this "
                   "database, set SOKHAN_REDIS_URL on both: without it each server's page "
                   "cache learns only of changes made through itself (docs/deploy.md).",
                   err=True)
    if not ipaddress.ip_address(host).is_loopback:
        click.echo("Note: serving on a public address. Keep nginx (or another proxy that "
                   "reads request bodies whole) in front: a client sending a body slowly "
                   "holds a worker thread (docs/deploy.md).", err=True)
    workers = workers or _cores()
    # Which site: a command run with the wrong settings serves an empty one, and says so.
    database = connection.settings_dict
    data = (f"PostgreSQL database {database['NAME']} on {database['HOST'] or 'its socket'}"
            if connection.vendor == "postgresql" else f"SQLite in {settings.DATA_DIR}")
    click.echo(f"Sokhan serving on http://{host}:{port}/ with {workers} "
               f"worker{'s' if workers > 1 else ''} of {threads} "
               f"thread{'s' if threads > 1 else ''}, data from {data} (Ctrl-C stops it)")
    # workers_kill_timeout: Ctrl-C in a terminal signals every worker as well as granian,
    # and a worker so signalled twice can hang in granian 2.8 (its main process then
    # waited for it for good); after SOKHAN_STOP_SECONDS it is killed. Requests in flight have
    # had that long to finish, and a write a request had not acknowledged is all it costs.
    Granian("sokhan.wsgi:application", address=host, port=port, interface=Interfaces.WSGI,
            workers=workers, blocking_threads=threads, respawn_failed_workers=True,
            workers_kill_timeout=int(_setting("SOKHAN_STOP_SECONDS")),  # type: ignore[call-overload]
            log_access=False).serve()


def _check_redis(*, serving: bool = True) -> None:
    """Redis asked once before serving. A wrong database number or password is a setting
    to fix: it started, and every request then logged "Redis is not answering" while the
    rate limits stayed off. No answer may be an outage, which the site rides out: said,
    and served (docs/deploy.md)."""
    from django.conf import settings

    url = settings.SOKHAN_REDIS_URL
    if not url:
        return
    import redis

    shown = _without_password(url)
    try:
        redis.Redis.from_url(url, **settings.REDIS_TIMEOUTS).ping()
    except (redis.AuthenticationError, redis.ResponseError) as error:
        done = "Nothing was started" if serving else "Nothing was done"
        raise click.ClickException(f"Redis at {shown} (SOKHAN_REDIS_URL) refused: {error}. "
                                   f"{done}; fix the setting and try again.") from None
    except (redis.ConnectionError, redis.TimeoutError, OSError) as error:
        if serving:  # (a command says so itself, once it has waited for Redis)
            click.echo(f"Note: Redis at {shown} (SOKHAN_REDIS_URL) does not answer ({error})."
                       " Serving anyway: until it answers, the rate limits let comments "
                       "through and pages are not kept (docs/deploy.md).", err=True)


def _check_secret(*, adopt: bool) -> None:
    """Refuse to serve with a secret key other than the one the site was served with
    (website/secretcheck.py): servers of one site with different keys refuse each other's
    CAPTCHA answers, and a new key breaks the deletion links commenters were given."""
    from django.conf import settings

    from sokhan.website import secretcheck

    if secretcheck.matches(adopt=adopt):
        return
    source = ("SOKHAN_SECRET_KEY" if conf.text("SOKHAN_SECRET_KEY") else
              f"{settings.DATA_DIR / 'secret_key'}, made for this data folder as "
              "SOKHAN_SECRET_KEY is not set")
    raise click.ClickException(
        f"This server's secret key (from {source}) is not the one this site was served "
        "with. Every server of a site needs the same SOKHAN_SECRET_KEY: with another, a "
        "CAPTCHA shown by one server is refused by the other, and the deletion links "
        "commenters were given stop working. Set it to the site's key (docs/deploy.md). "
        "If you replaced the key on purpose, on every server, start once with "
        "`sokhan serve --new-secret`. Nothing was started.")


def _cores() -> int:
    """The cores this process may run on (a container's or taskset's share, where
    os.cpu_count() counts the whole machine's)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _system_checks() -> None:
    """Django's own checks of the settings, before anything is served: a trusted origin
    without its scheme (SOKHAN_CSRF_TRUSTED_ORIGINS=statements.example.org) started, and
    every comment behind a proxy was then refused as sent from another site."""
    from django.core import checks

    found = checks.run_checks()
    for warning in (m for m in found if not m.is_serious()):
        click.echo(f"Note: {warning.msg} ({warning.id})", err=True)
    serious = [m for m in found if m.is_serious()]
    if serious:
        raise click.ClickException(" ".join(f"{m.msg} ({m.id})" for m in serious)
                                   + " Nothing was started; fix the setting and try again.")


def _collect_static() -> None:
    """Static files into STATIC_ROOT, hashed names and all. The list of those names is kept
    outside it (settings.py); a copy an older Sokhan left inside would still be served."""
    from django.conf import settings

    _call("collectstatic", interactive=False, verbosity=0)
    for stale in ("staticfiles.json", "staticfiles.json.gz", "staticfiles.json.br"):
        (Path(settings.STATIC_ROOT) / stale).unlink(missing_ok=True)


def _check_address(host: str, port: int) -> None:
    """granian shares a port another server already listens on (SO_REUSEPORT), so two
    sites would answer each other's readers by turns: refuse to start instead."""
    try:
        family = socket.AF_INET6 if ipaddress.ip_address(host).version == 6 else socket.AF_INET
    except ValueError:
        raise click.ClickException(f"The address to listen on, {host!r} (--host or "
                                   "SOKHAN_HOST), is not an IP address: use one like "
                                   "127.0.0.1, 0.0.0.0 or ::1.") from None
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        # SO_REUSEADDR: a server just stopped leaves its port in TIME_WAIT, which is free.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as error:
            raise click.ClickException(f"Cannot listen on {host} port {port} "
                                       f"({error.strerror}): is another server using it? "
                                       "Choose another with --port or SOKHAN_PORT.") from None


@main.command()
@click.option("--statements", type=click.IntRange(min=0), default=100_000, show_default=True)
@click.option("--comments", type=click.IntRange(min=0), default=1_000_000, show_default=True)
@click.option("--yes", is_flag=True,
              help="Add them to a site that has statements already.")
def populate(statements: int, comments: int, yes: bool) -> None:
    """Add generated statements and comments, to measure a large site (not for production)."""
    _site_exists(_SET_UP_FIRST)
    _django()
    from sokhan.publishing.models import Statement
    from sokhan.publishing.population import populate as generate

    # Published at once, beside the site's own: run by mistake on a real site (it sits
    # beside `purge` in the list of commands), it put made-up statements on its front page.
    existing = Statement.objects.count()
    if existing and not yes:
        raise click.ClickException(
            f"This site has {existing} statements already: populate publishes generated "
            "statements and comments beside them at once, to measure a large site, and is "
            "not for a real one. Run it on a site of its own, or add --yes. Nothing was "
            "written.")

    with click.progressbar(length=statements + comments, label="Generating",
                           file=sys.stderr, show_pos=True) as bar:
        made = generate(statements, comments, on_progress=bar.update)
    click.echo(f"Added {made[0]} statements and {made[1]} comments; search index rebuilt.")


@main.command(name="settings")
@click.option("--markdown", is_flag=True, help="Print the README's settings table.")
def settings_(markdown: bool) -> None:
    """List every setting, its environment variable, default and current value."""
    if markdown:
        click.echo(conf.markdown_table())
        return
    for setting in conf.SETTINGS:
        current = conf.raw(setting.name)
        secret = "SECRET" in setting.name or "PASSWORD" in setting.name
        # An unset secret shows as empty, not "(set)": that would claim a password exists.
        shown = ("(set)" if current else "") if secret else _without_password(current)
        default = f"default: {setting.default}" if setting.default else "default: empty"
        click.echo(f"{setting.name}={shown}\n    {setting.help} ({default})")
        try:
            conf.value(setting.name)
            if check := conf.ADDRESS_CHECKS.get(setting.name):
                check(current.strip())
        except conf.SettingError as error:
            # Listed as if well: `serve` refused it only later (review). The value as
            # shown above: the error quotes it whole, a password or token with it.
            said = str(error).replace(current.strip(), shown) if current.strip() else str(error)
            click.echo(f"    Not valid: {said}")


# Addresses whose password may hold a "/" or "#" unencoded (DATABASE_URL, SOKHAN_REDIS_URL).
_PASSWORD_SCHEMES = {"postgres", "postgresql", "pgsql", "redis", "rediss", "unix"}
_AUTHORITY = re.compile(r"(?:[^:@/?#]*(?::[^@/?#]*)?@)?(?:[\w.-]+|\[[0-9a-fA-F:.]+\])(?::\d+)?")


def _without_password(value: str) -> str:
    """A database, Redis or purge address may hold a password (postgres://u:pw@host/db),
    or a token in its query: both are hidden. In a database or Redis address the password
    may hold a "/" or "#" unencoded (read as an address, it would have none): what stands
    before its last "@" is hidden whatever it is. In another address an "@" in the path
    ends no password."""
    if "://" not in value:  # (typed without a scheme: its password, a token in its query)
        if "?" in value:
            value = value.split("?", 1)[0] + "?(set)"
        if "@" in value:
            credentials, _, host = value.rpartition("@")
            user = credentials.split(":", 1)[0]
            value = f"{user}:(set)@{host}" if ":" in credentials else value
        return value
    scheme, _, rest = value.partition("://")
    authority, tail = rest, ""
    if scheme.lower() not in _PASSWORD_SCHEMES:
        cut = min((i for i in (rest.find("/"), rest.find("?"), rest.find("#")) if i != -1),
                  default=len(rest))
        # Only where what stands before the path is a whole [user[:password]@]host[:port]:
        # a password with a "/" or "#" in it ("u:pa/ss@cdn") is not cut at it.
        if _AUTHORITY.fullmatch(rest[:cut]):
            authority, tail = rest[:cut], rest[cut:].split("#", 1)[0]
    if "@" in authority:
        credentials, _, host = authority.rpartition("@")
        user = credentials.split(":", 1)[0]
        authority = f"{user}:(set)@{host}" if ":" in credentials else f"{user}@{host}"
    rest = authority + tail
    if "?" in rest:
        rest = rest.split("?", 1)[0] + "?(set)"
    return f"{scheme}://{rest}"


# Django commands that need no site: they read the code or the settings alone.
_NO_SITE_NEEDED = frozenset({"help", "version", "--version", "makemessages",
                             "compilemessages"})


# No --help of its own past the first word: `sokhan manage migrate --help` is migrate's.
@main.command(context_settings={"ignore_unknown_options": True, "help_option_names": []})
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
def manage(args: tuple[str, ...]) -> None:
    """Run any Django management command, e.g. `sokhan manage changepassword admin`;
    `sokhan manage help` lists them."""
    if not args or args[0] in ("-h", "--help"):
        click.echo(click.get_current_context().get_help())
        return
    if args[0] not in _NO_SITE_NEEDED and not {"--help", "-h"} & set(args):
        # `sokhan manage unlock NAME` without the site's settings made an empty site in
        # ./var and said the name "was not locked", exiting 0 (a review of the docs).
        _site_exists(_SET_UP_FIRST)
    elif not _has_site() or not _data_dir().exists():
        # Nor may one that needs no site leave one: `sokhan manage help` run without the
        # settings left ./var with a key and an empty database, which every command run
        # there later took for a site (a review of the docs); with a DATABASE_URL, a key.
        # Django is set up on a scratch folder instead, gone when it ends.
        before = os.environ.get("SOKHAN_DATA_DIR")
        try:
            with tempfile.TemporaryDirectory(prefix="sokhan-no-site-") as scratch:
                os.environ["SOKHAN_DATA_DIR"] = scratch
                _run_django_command(args)
        finally:  # (for what runs next in this process: a test's next command, say)
            if before is None:
                os.environ.pop("SOKHAN_DATA_DIR", None)
            else:
                os.environ["SOKHAN_DATA_DIR"] = before
        return
    _run_django_command(args)


def _run_django_command(args: tuple[str, ...]) -> None:
    _django()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["sokhan manage", *args])
