"""Django settings for Sokhan. Every operator knob comes from :mod:`sokhan.conf`."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from urllib.parse import quote

from django.core.files.storage import FileSystemStorage
from django.utils.translation import gettext_lazy as _

from sokhan import conf

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(conf.text("SOKHAN_DATA_DIR")).resolve()
# Only the site's own user may look inside: the database holds e-mail addresses, password
# hashes, sessions and authenticator keys (static files are served by the app server).
try:
    DATA_DIR.mkdir(parents=True, exist_ok=True, mode=0o700)
    if DATA_DIR.stat().st_uid == os.getuid() and DATA_DIR.stat().st_mode & 0o077:
        DATA_DIR.chmod(0o700)  # one made before this release, or by hand
except OSError as _error:
    raise conf.SettingError(f"SOKHAN_DATA_DIR={DATA_DIR} cannot be made ({_error.strerror}): "
                            "set it to a folder the site's user may write in.") from None


conf.check_redis_address(conf.text("SOKHAN_REDIS_URL"))


def _secret_key() -> str:
    """The configured key, or one generated once and kept beside the database."""
    configured = conf.text("SOKHAN_SECRET_KEY")
    if configured:
        return configured
    return kept_secret_key(DATA_DIR / "secret_key")


def kept_secret_key(path: Path) -> str:
    """The key in ``path``, written there first if there is none. Two processes starting
    at once on a new data folder (two servers, `sokhan migrate` twice) get the same key:
    it is written whole to a file of its own and then linked to ``path``, which only one
    link can take. (Made empty with O_EXCL and then written, it was read empty by the
    other process now and then, which stopped with "SECRET_KEY must not be empty".)"""
    if not path.exists():
        key = secrets.token_urlsafe(50)
        own = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
        fd = os.open(own, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(fd, "w") as handle:
                handle.write(key)
                handle.flush()
                os.fsync(handle.fileno())
            os.link(own, path)
        except FileExistsError:
            pass  # another process's key was there first: it is the site's
        finally:
            own.unlink(missing_ok=True)
    key = path.read_text().strip()
    if not key:
        raise conf.SettingError(
            f"{path} is empty (a start stopped while writing it, before any page was "
            f"served with it): delete it, and the next start makes a new one.")
    return key


SECRET_KEY = _secret_key()
DEBUG = conf.flag("SOKHAN_DEBUG")
ALLOWED_HOSTS = conf.items("SOKHAN_ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = conf.items("SOKHAN_CSRF_TRUSTED_ORIGINS")
if conf.flag("SOKHAN_BEHIND_HTTPS_PROXY"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # Served over HTTPS: tell browsers to keep it so, and keep staff cookies off HTTP.
    SECURE_HSTS_SECONDS = 31_536_000
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = True

INSTALLED_APPS = [
    "sokhan.website",
    "sokhan.publishing",
    "sokhan.comments",
    "sokhan.captcha",
    "sokhan.antispam",
    "sokhan.search",
    "sokhan.pagecache",
    "sokhan.staff.apps.StaffConfig",
    # Django's admin with Sokhan's site (throttled login, second factor) as admin.site.
    "sokhan.staff.apps.StaffAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_prose_editor",
    "reversion",
    "django_otp",
    "sokhan.staff.apps.AuthenticatorAppsConfig",  # django_otp.plugins.otp_totp
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # The admin is not held to SOKHAN_QUERY_SECONDS (an editor's Save would be lost).
    "sokhan.website.deadline.PatientAdmin",
    "sokhan.website.headers.SecurityHeaders",
    # ETag and 304 for pages rendered by Django; the page cache answers the rest itself.
    "django.middleware.http.ConditionalGetMiddleware",
    "sokhan.pagecache.marking.Cacheability",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Django's, except that it sets no cookie on a GET for an empty session.
    "sokhan.website.sessions.ReadersSessions",
    "django.middleware.locale.LocaleMiddleware",
    # Django's, except that a POST sent on to its address with a slash keeps its words.
    "sokhan.website.slashes.CommonMiddleware",
    # A page not found at an address typed with Persian digits: the ASCII one.
    "sokhan.website.digits.LatinDigitsWhenNotFound",
    # Outside Django's CSRF middleware: what it sets is there to be seen.
    "sokhan.website.csrfcookie.ForgetTheOldCsrfCookie",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Signed-in staff get a signed cookie that takes them past the page caches.
    "sokhan.pagecache.marks.StaffMark",
    # request.user.is_verified(): did this session pass the authenticator code?
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Inside LocaleMiddleware: the page is in the reader's language.
    "sokhan.website.methods.MethodNotAllowedPage",
]

ROOT_URLCONF = "sokhan.urls"
WSGI_APPLICATION = "sokhan.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "sokhan.website.context.site",
            ],
        },
    },
]


def _private_file(path: Path) -> Path:
    """``path``, made (empty) readable by its owner alone, or made so if others could read
    it. SQLite gives its -wal and -shm files the database file's permissions."""
    try:
        os.close(os.open(path, os.O_RDONLY | os.O_CREAT, 0o600))
        for part in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
            if part.exists() and part.stat().st_mode & 0o077:
                part.chmod(0o600)
    except OSError:  # not ours to change (a read-only copy): SQLite will say what it can
        pass
    return path


POSTGRES_TIMEOUTS = {"connect_timeout": 5, "keepalives": 1, "keepalives_idle": 15,
                     "keepalives_interval": 5, "keepalives_count": 3,
                     "tcp_user_timeout": 30_000}


def _databases() -> dict[str, dict[str, object]]:
    url = conf.text("DATABASE_URL")
    if url:
        parsed = conf.database(url)
        # A server that takes the connection and then says nothing (hung, or a proxy
        # before a dead one) held every worker with no end: each request waited on it,
        # pages already kept in memory too (operators' review). So a connection is given
        # up after 5 s, and one the network lost after about half a minute. (An address
        # that sets any of these, as ?connect_timeout=10, keeps its own.)
        options = parsed.setdefault("OPTIONS", {})
        for name, value in POSTGRES_TIMEOUTS.items():
            options.setdefault(name, value)
        return {"default": parsed}
    return {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": _private_file(DATA_DIR / conf.SQLITE_FILE),
            # Each server thread keeps its connection: opening one and setting the PRAGMAs
            # below cost more than the queries of a whole cold page (`make bench`).
            "CONN_MAX_AGE": None,
            "OPTIONS": {
                # WAL lets readers go on while a comment is written; IMMEDIATE takes the
                # write lock at BEGIN so concurrent writers queue instead of failing with
                # "database is locked" half-way through a transaction.
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
                                " PRAGMA foreign_keys=ON;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    }


DATABASES = _databases()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis answers in well under a millisecond; one that does not answer within a second is
# down or hung, and a request should not wait on it longer (antispam/ratelimit.py then
# lets the comment through to pre-moderation, and captcha/nonces.py asks to send again).
REDIS_TIMEOUTS = {"socket_connect_timeout": 1, "socket_timeout": 1}
CACHES = {"default": (
    {"BACKEND": "django.core.cache.backends.redis.RedisCache",
     "LOCATION": conf.text("SOKHAN_REDIS_URL"), "KEY_PREFIX": "sokhan",
     "OPTIONS": REDIS_TIMEOUTS}
    if conf.text("SOKHAN_REDIS_URL") else
    # The rate limits' counters (the only thing Sokhan keeps in this cache), in a file
    # that every worker of this machine maps: one worker's count is every worker's.
    {"BACKEND": "sokhan.antispam.sharedcounts.SharedCounts",
     "LOCATION": str(DATA_DIR / "cache" / "rate-counts")})}
# Failed staff logins (staff/throttle.py) must be counted by every worker together, or each
# worker would allow its own five guesses. Without Redis: files in the data folder, which
# every process of this machine shares (logins are few; a file each costs nothing).
# With Redis, the files stand in while Redis does not answer (staff/throttle.py).
CACHES["logins-files"] = {
    "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
    "LOCATION": str(DATA_DIR / "cache" / "logins"),
    # Room for many user names and addresses: at the default 300, a spray of made-up user
    # names would cull the files of real locks.
    "OPTIONS": {"MAX_ENTRIES": 50_000}}
CACHES["logins"] = (CACHES["default"] if conf.text("SOKHAN_REDIS_URL")
                    else CACHES["logins-files"])
# How often each CAPTCHA has been drawn (captcha/flow.may_draw): a count per token, kept
# while the token lives. In the rate limits' table, an address asking for its twenty
# challenges a minute held 600 slots, and 150 addresses pushed every address's limits out
# of the file (an operator's review). A table of its own: a flood of tokens can push out
# only other tokens' counts.
CACHES["drawings"] = (CACHES["default"] if conf.text("SOKHAN_REDIS_URL") else
                      {"BACKEND": "sokhan.antispam.sharedcounts.SharedCounts",
                       "LOCATION": str(DATA_DIR / "cache" / "drawing-counts")})

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = conf.text("SOKHAN_DEFAULT_LANGUAGE")
LANGUAGES = [("en", _("English")), ("fa", _("Persian"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = conf.text("SOKHAN_TIME_ZONE")

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Hashed file names let browsers and CDNs keep static files forever. The list of them
    # (staticfiles.json) is kept beside the folder served, not in it: it named every
    # component the site runs to anyone who asked (security review).
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage",
                    "OPTIONS": {"manifest_storage": FileSystemStorage(
                        location=DATA_DIR / "static-manifest")}},
}
WHITENOISE_MAX_AGE = 3600

ADMIN_PATH = conf.text("SOKHAN_ADMIN_PATH")
# Where a login whose ?next= is not a page of this site ends: the desk (Django's default,
# /accounts/profile/, is a 404 here).
LOGIN_REDIRECT_URL = "/" + ADMIN_PATH
# The admin's language switch keeps its choice in a cookie sent to the admin alone: reader
# pages take their language from their address, and get no cookie of it.
LANGUAGE_COOKIE_PATH = "/" + quote(ADMIN_PATH)
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600  # kept, not forgotten with the browser's session
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SECURE = conf.flag("SOKHAN_BEHIND_HTTPS_PROXY")
SOKHAN_STAFF_2FA = conf.flag("SOKHAN_STAFF_2FA")
SOKHAN_LOGIN_FAILURES = conf.integer("SOKHAN_LOGIN_FAILURES")
SOKHAN_LOGIN_WINDOW_SECONDS = conf.integer("SOKHAN_LOGIN_LOCKOUT_MINUTES") * 60
# The label in staff members' authenticator apps. Deliberately not the organisation's
# name: a phone may be searched at a border.
OTP_TOTP_ISSUER = "Sokhan"
# Once set up, an authenticator's key is never shown again, not even to administrators.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
SOKHAN_SITE_URL = conf.text("SOKHAN_SITE_URL").rstrip("/")
SOKHAN_PAGE_SIZE = conf.integer("SOKHAN_PAGE_SIZE")
SOKHAN_QUERY_SECONDS = conf.integer("SOKHAN_QUERY_SECONDS")  # web requests only: wsgi.py

SOKHAN_COMMENTS_PREMODERATED = conf.flag("SOKHAN_COMMENTS_PREMODERATED")
SOKHAN_COMMENT_MAX_LENGTH = conf.integer("SOKHAN_COMMENT_MAX_LENGTH")
SOKHAN_COMMENT_MAX_DEPTH = conf.integer("SOKHAN_COMMENT_MAX_DEPTH")
SOKHAN_COMMENTS_PER_PAGE = conf.integer("SOKHAN_COMMENTS_PER_PAGE")
SOKHAN_ADDRESS_KEY_DAYS = conf.integer("SOKHAN_ADDRESS_KEY_DAYS")
SOKHAN_PENDING_RETENTION_DAYS = conf.integer("SOKHAN_PENDING_RETENTION_DAYS")
SOKHAN_EMAIL_RETENTION_DAYS = conf.integer("SOKHAN_EMAIL_RETENTION_DAYS")
SOKHAN_REMOVED_RETENTION_DAYS = conf.integer("SOKHAN_REMOVED_RETENTION_DAYS")
SOKHAN_MODERATION_MAIL_MINUTES = conf.integer("SOKHAN_MODERATION_MAIL_MINUTES")
SOKHAN_CLIENT_IP_HEADER = conf.text("SOKHAN_CLIENT_IP_HEADER")
SOKHAN_REDIS_URL = conf.text("SOKHAN_REDIS_URL")
SOKHAN_PAGE_CACHE = conf.flag("SOKHAN_PAGE_CACHE")
SOKHAN_PAGE_CACHE_MB = conf.integer("SOKHAN_PAGE_CACHE_MB")
SOKHAN_PAGE_CACHE_SECONDS = conf.integer("SOKHAN_PAGE_CACHE_SECONDS")
SOKHAN_HTTP_MAX_AGE = conf.integer("SOKHAN_HTTP_MAX_AGE")
SOKHAN_HTTP_SHARED_MAX_AGE = conf.integer("SOKHAN_HTTP_SHARED_MAX_AGE")
SOKHAN_HTTP_STALE_SECONDS = conf.integer("SOKHAN_HTTP_STALE_SECONDS")
SOKHAN_PURGE_URL = conf.text("SOKHAN_PURGE_URL")
if SOKHAN_PURGE_URL and not conf.given("SOKHAN_SITE_URL"):
    # Purges name pages by it: with the default, every purge would name 127.0.0.1.
    raise conf.SettingError("SOKHAN_PURGE_URL is set but SOKHAN_SITE_URL is not: set it to "
                            "the address readers use, e.g. https://statements.example.org.")
SOKHAN_CAPTCHA = conf.flag("SOKHAN_CAPTCHA")
SOKHAN_CAPTCHA_LENGTH = conf.integer("SOKHAN_CAPTCHA_LENGTH")
SOKHAN_CAPTCHA_TTL = conf.integer("SOKHAN_CAPTCHA_TTL")
SOKHAN_CAPTCHA_MIN_SECONDS = conf.integer("SOKHAN_CAPTCHA_MIN_SECONDS")
SOKHAN_PUZZLE_MAX_NUMBER = conf.integer("SOKHAN_PUZZLE_MAX_NUMBER")
SOKHAN_HONEYPOT = conf.flag("SOKHAN_HONEYPOT")
SOKHAN_COMMENTS_PER_MINUTE = conf.integer("SOKHAN_COMMENTS_PER_MINUTE")
SOKHAN_COMMENTS_PER_HOUR = conf.integer("SOKHAN_COMMENTS_PER_HOUR")
SOKHAN_CHALLENGES_PER_MINUTE = conf.integer("SOKHAN_CHALLENGES_PER_MINUTE")
SOKHAN_SEARCHES_PER_MINUTE = conf.integer("SOKHAN_SEARCHES_PER_MINUTE")
SOKHAN_PREVIEWS_PER_MINUTE = conf.integer("SOKHAN_PREVIEWS_PER_MINUTE")
SOKHAN_MAX_LINKS = conf.integer("SOKHAN_MAX_LINKS")
SOKHAN_SPAM_LIKENESS = conf.integer("SOKHAN_SPAM_LIKENESS")
# The CAPTCHA's test-only hook (answers in a response header). Deliberately not an
# environment variable: only a test or bench settings module can switch it on.
SOKHAN_CAPTCHA_TEST_HOOK = False

if conf.text("SOKHAN_SMTP_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = conf.text("SOKHAN_SMTP_HOST")
    EMAIL_PORT = conf.integer("SOKHAN_SMTP_PORT")
    EMAIL_HOST_USER = conf.text("SOKHAN_SMTP_USER")
    EMAIL_HOST_PASSWORD = conf.text("SOKHAN_SMTP_PASSWORD")
    # Implicit TLS (port 465) or STARTTLS: Django refuses both at once.
    EMAIL_USE_SSL = conf.flag("SOKHAN_SMTP_SSL")
    EMAIL_USE_TLS = conf.flag("SOKHAN_SMTP_TLS") and not EMAIL_USE_SSL
    # A moderation mail is sent by the request that finds it due; a mail server that does
    # not answer must not hold that request (and, with one thread, its worker) for long.
    EMAIL_TIMEOUT = 10
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = SERVER_EMAIL = conf.text("SOKHAN_MAIL_FROM")

# Security headers that cost nothing; the full policy (CSP, HSTS) is set per deployment.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
# Sent to the admin alone, whose forms are the only ones that use it (comments are posted
# with the signed challenge instead): a reader who once opened the login page carried a
# year-long unique token on every page they read, for a CDN or a proxy to link visits by.
CSRF_COOKIE_PATH = "/" + quote(ADMIN_PATH)  # as browsers compare it: percent-encoded
CSRF_FAILURE_VIEW = "sokhan.website.views.csrf_failure"
SESSION_COOKIE_SAMESITE = "Lax"
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440


LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"()": "sokhan.website.logs.UTC",
                             "format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    # What the log says, and leaves out: sokhan/website/logs.py.
    "filters": {"without_traceback": {"()": "sokhan.website.logs.WithoutTraceback"},
                "without_keys": {"()": "sokhan.website.logs.WithoutKeys"},
                "outage_in_one_line": {"()": "sokhan.website.logs.OutageInOneLine"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain",
                             "filters": ["without_keys"]},
                 "one_line": {"class": "logging.StreamHandler", "formatter": "plain",
                              "filters": ["without_traceback", "without_keys"]}},
    "root": {"handlers": ["console"], "level": conf.text("SOKHAN_LOG_LEVEL").upper()},
    "loggers": {
        # The plain formatter prints only the message ("Not Found: /path"), never the
        # request's address: Sokhan's logs keep no IPs. 404s are not worth a line each.
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False,
                           "filters": ["outage_in_one_line"]},
        # What Django refuses as suspicious (a Host header not ours, too many fields) is
        # answered 400 and is the visitor's doing: one line each, not a traceback per probe.
        "django.security": {"handlers": ["one_line"], "propagate": False,
                            "level": conf.text("SOKHAN_LOG_LEVEL").upper()},
    },
}
