"""Every operator setting, declared once.

Each setting has a name (its environment variable), a default, a type and a help
text. ``settings.py`` reads values through :func:`value`; the README's settings
table is generated from :data:`SETTINGS` (``sokhan settings --markdown``) and a
test checks that the two agree. Nothing else in Sokhan reads ``os.environ``.

This module imports nothing from Django so that the CLI can explain settings
before Django is configured.
"""

from __future__ import annotations

import os
import zoneinfo
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal
from urllib.parse import parse_qs, unquote, urlsplit

Kind = Literal["str", "bool", "int", "list", "path"]

# The SQLite database's file in SOKHAN_DATA_DIR (settings.py; the CLI looks for it before
# Django is set up, which would make the folder).
SQLITE_FILE = "sokhan.sqlite3"


@dataclass(frozen=True)
class Setting:
    name: str
    default: str
    kind: Kind
    help: str
    least: int = 0             # int settings: the smallest value that makes sense
    most: int | None = None    # ... and the largest, when there is one
    choices: tuple[str, ...] = ()  # str settings: the values allowed, in any letter case
    zone: bool = False         # str settings: an IANA time zone name, e.g. Asia/Tehran
    path: bool = False         # str settings: a URL path: not empty, ends with a slash
    address: bool = False      # str settings: empty, or an http(s) address with a host


SETTINGS: tuple[Setting, ...] = (
    Setting("SOKHAN_DATA_DIR", "./var", "path",
            "Folder for everything Sokhan writes: the SQLite database, the generated secret "
            "key, collected static files. Relative paths are taken from the working directory."),
    Setting("DATABASE_URL", "", "str",
            "PostgreSQL database to use, e.g. postgres://user@127.0.0.1:5432/sokhan. Empty: "
            "SQLite in SOKHAN_DATA_DIR/sokhan.sqlite3 (WAL mode)."),
    Setting("SOKHAN_QUERY_SECONDS", "30", "int",
            "PostgreSQL only: the longest one query of a web request may run, or wait for a "
            "lock, before the request is answered \"try again\" (a commenter keeps the text). "
            "0: no limit. Commands (migrate, import, backup) and the admin are never limited.",
            most=2_147_483),  # PostgreSQL takes at most 2^31 - 1 ms
    Setting("SOKHAN_SECRET_KEY", "", "str",
            "Secret for signing. Empty: generated on first run and kept in "
            "SOKHAN_DATA_DIR/secret_key (mode 0600). Every server of one site needs the same."),
    Setting("SOKHAN_DEBUG", "false", "bool",
            "Django's debug mode. Never on a public server: it shows tracebacks to readers."),
    Setting("SOKHAN_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]", "list",
            "Host names this site answers to, comma-separated (Django's ALLOWED_HOSTS)."),
    Setting("SOKHAN_CSRF_TRUSTED_ORIGINS", "", "list",
            "Origins trusted for form posts (the admin's and the comment form) when behind a "
            "proxy that changes the scheme or drops the port, e.g. "
            "https://statements.example.org:8443."),
    Setting("SOKHAN_BEHIND_HTTPS_PROXY", "false", "bool",
            "Trust X-Forwarded-Proto from the proxy in front (nginx) to tell HTTPS requests."),
    Setting("SOKHAN_SITE_URL", "http://127.0.0.1:8000", "str",
            "The site's public address, e.g. https://statements.example.org, with its port "
            "if it is not 80 or 443: for links in mails sent outside a request, the pages a "
            "CDN purge names (needed with SOKHAN_PURGE_URL), and the port pages are kept "
            "for besides the server's (a page asked for on another port names none in its "
            "links).", address=True),
    Setting("SOKHAN_TIME_ZONE", "Asia/Tehran", "str",
            "Time zone in which dates are shown and in which naive import dates are read.",
            zone=True),
    Setting("SOKHAN_DEFAULT_LANGUAGE", "en", "str",
            "Language of the site's front page until an administrator changes it under Site "
            "settings (en or fa).", choices=("en", "fa")),
    Setting("SOKHAN_PAGE_SIZE", "10", "int", "Statements per page on lists.", least=1),
    Setting("SOKHAN_ADMIN_PATH", "admin/", "str",
            "Where the editors' admin lives, e.g. 'desk/'. Ends with a slash.", path=True),
    Setting("SOKHAN_ADMIN_USERNAME", "admin", "str",
            "User name of the first administrator that `sokhan createadmin` creates."),
    Setting("SOKHAN_ADMIN_PASSWORD", "", "str",
            "Password for that administrator (checked as the admin checks passwords: at least "
            "8 characters, not a common one). Empty: a random one, printed once."),
    Setting("SOKHAN_STAFF_2FA", "true", "bool",
            "Staff need a six-digit code from an authenticator app (TOTP) as well as their "
            "password to reach the admin. Whoever has no app set up yet is guided through it "
            "right after the password at their next login. false: the password suffices."),
    Setting("SOKHAN_LOGIN_FAILURES", "5", "int",
            "Failed admin logins one user name, or one address, may make within "
            "SOKHAN_LOGIN_LOCKOUT_MINUTES; further attempts are then refused, without "
            "checking the password, for that long."),
    Setting("SOKHAN_LOGIN_LOCKOUT_MINUTES", "15", "int",
            "Minutes in which failed admin logins are counted, and how long a lockout lasts."),
    Setting("SOKHAN_HOST", "127.0.0.1", "str", "Address `sokhan serve` listens on."),
    Setting("SOKHAN_PORT", "8000", "int", "Port `sokhan serve` listens on.", least=1,
            most=65535),
    Setting("SOKHAN_WORKERS", "0", "int",
            "Worker processes for `sokhan serve`. 0: one per CPU core."),
    Setting("SOKHAN_THREADS", "1", "int",
            "Request threads in each worker of `sokhan serve`. One is the fastest (`make "
            "bench`: threads of one process take turns on Python's lock); more let a worker "
            "go on answering while one request waits on something slow, such as a distant "
            "SMTP server.", least=1),
    Setting("SOKHAN_STOP_SECONDS", "10", "int",
            "Seconds `sokhan serve` gives requests in flight to finish when it is stopped "
            "(Ctrl-C, SIGTERM) before it kills a worker that is still busy. Keep it under "
            "systemd's TimeoutStopSec (90 s by default).", least=1),
    Setting("SOKHAN_COMMENTS_PREMODERATED", "true", "bool",
            "Anonymous comments wait for a moderator's approval. false: they appear at once."),
    Setting("SOKHAN_COMMENT_MAX_LENGTH", "10000", "int", "Longest comment, in characters.",
            least=1),
    Setting("SOKHAN_COMMENT_MAX_DEPTH", "3", "int",
            "Deepest level of replies; replies to the deepest level attach beside it."),
    Setting("SOKHAN_COMMENTS_PER_PAGE", "50", "int",
            "Top-level comment threads per page under a statement.", least=1),
    Setting("SOKHAN_ADDRESS_KEY_DAYS", "30", "int",
            "Days after which the key that hashes commenters' IP addresses is replaced. Old "
            "keys are deleted once no block needs them, so old hashes cannot be linked."),
    Setting("SOKHAN_PENDING_RETENTION_DAYS", "90", "int",
            "Comments still waiting for moderation, or marked as spam, are deleted after "
            "this many days; 0 keeps them.", least=0, most=36500),
    Setting("SOKHAN_REMOVED_RETENTION_DAYS", "90", "int",
            "Days after its removal that a comment a moderator removed keeps its words, name "
            "and homepage (to answer a complaint about it); then only its place among the "
            "replies, its reason and its marker stay. Not those removed as spam: they teach "
            "(comments alike). 0 keeps them.", least=0, most=36500),
    Setting("SOKHAN_EMAIL_RETENTION_DAYS", "30", "int",
            "Days after which a comment loses the e-mail address its author typed (moderators "
            "block by e-mail address within them); 0 keeps it as long as the comment.",
            least=0, most=36500),
    Setting("SOKHAN_MODERATION_MAIL_MINUTES", "15", "int",
            "Moderators get at most one e-mail about new pending comments per this many minutes."),
    Setting("SOKHAN_REDIS_URL", "", "str",
            "Redis for the cache, rate limits and used CAPTCHA tokens, shared by every server, "
            "e.g. redis://127.0.0.1:6379/0. Empty: the database keeps used tokens, and the "
            "rate-limit counts and failed staff logins are kept in files in SOKHAN_DATA_DIR, "
            "which every process of this machine shares."),
    Setting("SOKHAN_PAGE_CACHE", "true", "bool",
            "Keep whole pages for anonymous readers in each worker's memory and answer from "
            "there until something they show changes (docs/caching.md)."),
    Setting("SOKHAN_PAGE_CACHE_MB", "64", "int",
            "Memory per worker for kept pages, in megabytes; the least recently read go first."),
    Setting("SOKHAN_PAGE_CACHE_SECONDS", "86400", "int",
            "Longest a worker keeps a page, even when nothing changed."),
    Setting("SOKHAN_HTTP_MAX_AGE", "0", "int",
            "Cache-Control max-age of reader pages: seconds a browser may reuse a page without "
            "asking. 0: browsers ask every time and get a cheap 304 when nothing changed."),
    Setting("SOKHAN_HTTP_SHARED_MAX_AGE", "60", "int",
            "Cache-Control s-maxage: seconds nginx or a CDN may serve a reader page without "
            "asking Sokhan. Use SOKHAN_PURGE_URL to have changes purged sooner."),
    Setting("SOKHAN_HTTP_STALE_SECONDS", "300", "int",
            "Cache-Control stale-while-revalidate: seconds a shared cache may serve an expired "
            "page while it fetches the new one."),
    Setting("SOKHAN_PURGE_URL", "", "str",
            "Address Sokhan POSTs to, as JSON, the pages to purge from a CDN when content "
            "changes (docs/caching.md). Empty: no purge requests.", address=True),
    Setting("SOKHAN_CAPTCHA", "true", "bool",
            "Ask commenters to type the characters shown in an image (or heard in a sound)."),
    Setting("SOKHAN_CAPTCHA_LENGTH", "6", "int", "Characters in a CAPTCHA (5 or 6).", least=5,
            most=6),
    Setting("SOKHAN_CAPTCHA_TTL", "1800", "int", "Seconds a CAPTCHA stays valid.", least=1),
    Setting("SOKHAN_CAPTCHA_MIN_SECONDS", "3", "int",
            "Seconds that must pass between getting a CAPTCHA and sending the comment."),
    Setting("SOKHAN_PUZZLE_MAX_NUMBER", "100000", "int",
            "With JavaScript on, the browser also solves a proof-of-work puzzle (ALTCHA "
            "format) while the commenter types: about half this many SHA-256 hashes. 0: "
            "none. Never asked of browsers without JavaScript."),
    Setting("SOKHAN_HONEYPOT", "true", "bool",
            "Add a field people never see or fill; comments that fill it are refused."),
    Setting("SOKHAN_COMMENTS_PER_MINUTE", "3", "int", "Comments one address may send per minute."),
    Setting("SOKHAN_COMMENTS_PER_HOUR", "20", "int",
            "Comments one address may send per hour. One address may be many people (a Tor "
            "exit, an office, a mobile network): a site read mostly through Tor may need more."),
    Setting("SOKHAN_CHALLENGES_PER_MINUTE", "20", "int",
            "CAPTCHAs one address may ask for per minute (each may then be drawn, as image "
            "or sound, 12 times)."),
    Setting("SOKHAN_PREVIEWS_PER_MINUTE", "30", "int",
            "Previews and Saves one address may send per minute (both check the words "
            "against the disallowed-words list before any CAPTCHA; a comment takes two "
            "Saves).", least=1),
    Setting("SOKHAN_SEARCHES_PER_MINUTE", "30", "int",
            "Searches one address may make per minute: each reads the search index (up to a "
            "fifth of a second on a large archive), where a page comes from memory. One "
            "address may be many readers (a Tor exit).", least=1),
    Setting("SOKHAN_MAX_LINKS", "3", "int", "Most links one comment may contain."),
    Setting("SOKHAN_SPAM_LIKENESS", "60", "int",
            "A new comment that shares at least this percentage of its text with a comment "
            "moderators marked as spam is kept as spam too (a flood's copies with a word "
            "changed); its sender is thanked as any other. Also how alike the moderators' "
            "'Comments like this' list is. 0: never kept for likeness.", most=100),
    Setting("SOKHAN_CLIENT_IP_HEADER", "", "str",
            "Request header with the visitor's address when behind a proxy, e.g. X-Real-IP. "
            "Of a list (X-Forwarded-For), the last address: the one your proxy added. "
            "Empty: the connection's address. Only ever used hashed."),
    Setting("SOKHAN_SMTP_HOST", "", "str",
            "Mail server for moderators' notifications. Empty: mails are written to the log "
            "(Django's console backend)."),
    Setting("SOKHAN_SMTP_PORT", "587", "int", "Mail server port.", least=1, most=65535),
    Setting("SOKHAN_SMTP_USER", "", "str", "Mail server user name."),
    Setting("SOKHAN_SMTP_PASSWORD", "", "str", "Mail server password."),
    Setting("SOKHAN_SMTP_TLS", "true", "bool", "Use STARTTLS with the mail server."),
    Setting("SOKHAN_SMTP_SSL", "false", "bool",
            "Use implicit TLS with the mail server (usually port 465) instead of STARTTLS."),
    Setting("SOKHAN_MAIL_FROM", "sokhan@localhost", "str", "Sender address of Sokhan's mails."),
    Setting("SOKHAN_LOG_LEVEL", "INFO", "str",
            "Level of Sokhan's log (DEBUG, INFO, WARNING, ERROR, CRITICAL). Logs never contain IP "
            "addresses.",
            choices=("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL", "WARN")),
)

_BY_NAME: dict[str, Setting] = {s.name: s for s in SETTINGS}

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


class SettingError(ValueError):
    """An operator set a variable to something Sokhan cannot use."""


def raw(name: str, environ: Mapping[str, str] | None = None) -> str:
    env = os.environ if environ is None else environ
    return env.get(name, _BY_NAME[name].default)


def given(name: str, environ: Mapping[str, str] | None = None) -> bool:
    """Whether the operator set ``name`` at all (its default otherwise)."""
    return name in (os.environ if environ is None else environ)


def value(name: str, environ: Mapping[str, str] | None = None) -> object:
    """The typed value of setting ``name``; a clear error names the variable and the fix."""
    setting = _BY_NAME[name]
    text = raw(name, environ).strip()
    if setting.kind == "bool":
        if text.lower() in _TRUE:
            return True
        if text.lower() in _FALSE:
            return False
        raise SettingError(f"{name}={text!r} is not a yes/no value: set it to true or false.")
    if setting.kind == "int":
        try:
            number = int(text)
        except ValueError:
            raise SettingError(f"{name}={text!r} is not a whole number: set it to e.g. "
                               f"{setting.default}.") from None
        return _within(setting, number)
    if setting.kind == "list":
        return [part.strip() for part in text.split(",") if part.strip()]
    return _checked(setting, text)


def _within(setting: Setting, number: int) -> int:
    if number < setting.least or (setting.most is not None and number > setting.most):
        span = (f"from {setting.least} to {setting.most}" if setting.most is not None
                else f"{setting.least} or more")
        raise SettingError(f"{setting.name}={number} is out of range: set it to a number "
                           f"{span} (default {setting.default}).")
    return number


def _checked(setting: Setting, text: str) -> str:
    name = setting.name
    if setting.choices:
        chosen = [c for c in setting.choices if c.casefold() == text.casefold()]
        if not chosen:
            raise SettingError(f"{name}={text!r} is not one of {', '.join(setting.choices)}: "
                               f"set it to one of them (default {setting.default}).")
        return chosen[0]  # as it is spelt here: "FA" is the language fa
    if setting.zone:
        try:
            zoneinfo.ZoneInfo(text)
        except (ValueError, zoneinfo.ZoneInfoNotFoundError):
            raise SettingError(f"{name}={text!r} is not a time zone: set it to a name like "
                               f"{setting.default} or Europe/Berlin.") from None
    if setting.address and text and not _is_address(text):
        raise SettingError(f"{name}={text!r} is not a web address: set it to one like "
                           "https://statements.example.org.")
    if setting.path and (not text.endswith("/") or text.startswith("/") or text == "/"):
        raise SettingError(f"{name}={text!r} must be a path like {setting.default!r}: not "
                           "empty, no leading slash, ending with a slash.")
    return text


def _is_address(text: str) -> bool:
    try:
        parts = urlsplit(text)
        parts.port  # noqa: B018 - raises for a port that is not a number
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname) and " " not in text


# The databases Sokhan is tested on: PostgreSQL, and SQLite (the default, in DATA_DIR, with
# the settings in settings.py). A sqlite:// address was accepted and lost all of them (WAL,
# IMMEDIATE transactions, the 20 s wait, a file only the site's user reads).
_DATABASE_SCHEMES = ("postgres", "postgresql", "pgsql")


def database(url: str) -> dict[str, Any]:
    """DATABASE_URL as Django's DATABASES entry, or a SettingError that says what is wrong
    with it. Here, not in settings.py, so that `sokhan settings` says so too (it listed an
    address every other command refused as if it were well)."""
    import dj_database_url  # (Django-free, like this module)

    scheme = url.partition("://")[0].lower() if "://" in url else ""
    if scheme == "sqlite":
        raise SettingError(
            "DATABASE_URL is for PostgreSQL: leave it empty for SQLite, which Sokhan "
            "keeps in SOKHAN_DATA_DIR (set that to move it).")
    if scheme not in _DATABASE_SCHEMES:
        # (Not the address itself, which may hold its password: only its scheme, if any.)
        raise SettingError(
            f"DATABASE_URL must be a PostgreSQL address like "
            f"postgres://USER:PASSWORD@HOST:5432/NAME (or empty for SQLite), not one "
            f"{'starting ' + scheme + '://' if scheme else 'without postgres:// before it'}.")
    try:
        parsed = dict(dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True))
    except ValueError:  # dj_database_url.ParseError: a traceback of 49 lines
        raise SettingError(
            "DATABASE_URL is not a valid address: a #, /, ?, @ or % in the password "
            "(or the user name) must be written as %23, %2F, %3F, %40 or %25, and the "
            "port must be a number (postgres://USER:PASSWORD@HOST:5432/NAME).") from None
    if not parsed.get("NAME"):
        raise SettingError(
            "DATABASE_URL names no database: add its name after the host, as in "
            "postgres://USER:PASSWORD@HOST:5432/NAME.")
    return parsed


def check_redis_address(url: str) -> None:
    """A SettingError for a SOKHAN_REDIS_URL redis-py would misread; nothing for a good
    one, or none."""
    if not url:
        return
    if not url.startswith(("redis://", "rediss://", "unix://")):
        # Without a scheme redis-py fails only inside the server's workers, which then
        # restart over and over.
        raise SettingError("SOKHAN_REDIS_URL must be an address like "
                           "redis://:PASSWORD@HOST:6379/0 (or rediss://, unix://).")
    if not redis_database_is_a_number(url):
        # redis-py reads redis://host/abc as no database named, and uses database 0:
        # another site's, perhaps.
        raise SettingError("SOKHAN_REDIS_URL names its database by number: "
                           "redis://HOST:6379/0 (or ?db=0 after a unix:// path); a / in "
                           "its password is written %2F.")


def check_database_address(url: str) -> None:
    """A SettingError for a DATABASE_URL Sokhan cannot use; nothing for SQLite (empty)."""
    if url:
        database(url)


# Each address setting's own check, beyond its kind's: what `sokhan settings` says of it.
ADDRESS_CHECKS = {"DATABASE_URL": check_database_address,
                  "SOKHAN_REDIS_URL": check_redis_address}


def redis_database_is_a_number(url: str) -> bool:
    """Whether a Redis address names its database as redis-py reads it: by number, in its
    path or as ?db=, or not at all (database 0). Decimal digits: "²" is a digit to
    isdigit() but no number to int(), which redis-py then failed on; any other decimal
    digit ("۳") is one to int(), as to redis-py. At most ten: Redis counts its databases in
    a 32-bit number, and int() refuses 4,300 digits with a traceback."""
    parts = urlsplit(url)
    asked = parse_qs(parts.query).get("db")
    if asked:
        return _is_database_number(asked[0])
    if parts.scheme == "unix":  # the path is the socket's
        return True
    number = unquote(parts.path).replace("/", "")
    return number == "" or _is_database_number(number)


def _is_database_number(text: str) -> bool:
    return text.isdecimal() and len(text) <= 10


def database_hint() -> str:
    """Where an operator looks when the database cannot be used (the CLI's and the backup's
    one-sentence errors)."""
    if raw("DATABASE_URL").strip():
        return "check DATABASE_URL"
    return f"check that SOKHAN_DATA_DIR ({raw('SOKHAN_DATA_DIR')}) is writable and has free space"


def text(name: str) -> str:
    return str(value(name))


def integer(name: str) -> int:
    result = value(name)
    assert isinstance(result, int), name
    return result


def flag(name: str) -> bool:
    return bool(value(name))


def items(name: str) -> list[str]:
    result = value(name)
    assert isinstance(result, list), name
    return result


def markdown_table() -> str:
    """The settings table for the README."""
    lines = ["| Variable | Default | What it does |", "|---|---|---|"]
    for s in SETTINGS:
        default = f"`{s.default}`" if s.default else "(empty)"
        lines.append(f"| `{s.name}` | {default} | {s.help} |")
    return "\n".join(lines)
