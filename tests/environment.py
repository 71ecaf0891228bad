"""Loaded with `-p tests.environment` before Django reads its settings: tests never touch
the developer's ./var, and hosts used by the tests are allowed."""

import os
import tempfile

os.environ.setdefault("SOKHAN_DATA_DIR", tempfile.mkdtemp(prefix="sokhan-test-"))
if worker := os.environ.get("PYTEST_XDIST_WORKER"):
    # Each test process its own data folder: it inherits the first process's, and what
    # lives there (failed-login counts, page-cache counters, the write lock) is the
    # machine's, shared by every process, as in production.
    os.environ["SOKHAN_DATA_DIR"] = tempfile.mkdtemp(prefix=f"sokhan-test-{worker}-")
os.environ.setdefault("SOKHAN_ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
# Tests of admin pages log staff in with force_login, which skips the authenticator code;
# tests/staff switches two-factor authentication on (the production default) itself.
os.environ.setdefault("SOKHAN_STAFF_2FA", "false")


# --- The PostgreSQL run (`make test-postgres`) ----------------------------------------
# CI runs the suite twice, on SQLite and on PostgreSQL. Only the tests that reach Django's
# database can behave differently the second time: the others (the pure cores, the
# servers started in a folder of their own, which use SQLite unless a test names a
# PostgreSQL database itself) would repeat the first run's work. `--database-tests-only`
# keeps the first kind. pytest-django refuses database access to a test that asks for
# none, so a test left out here could not have reached the database anyway; a test that
# hands this run's DATABASE_URL to a program it starts says so with the `every_database`
# marker.
_DATABASE_FIXTURES = frozenset({"_django_db_helper", "db", "transactional_db",
                                "django_db_setup", "live_server"})
_DATABASE_MARKERS = ("django_db", "every_database", "postgres")


def pytest_addoption(parser):
    parser.addoption("--database-tests-only", action="store_true",
                     help="run only the tests that reach the database (for a second run "
                          "of the suite on another database)")


def reaches_the_database(item) -> bool:
    """Whether the test can meet this run's database: ``own_sqlite`` marks one (or one
    parametrisation of one) that starts a site on a SQLite database of its own."""
    if item.get_closest_marker("own_sqlite"):
        return False
    return bool(_DATABASE_FIXTURES.intersection(getattr(item, "fixturenames", ()))
                or any(item.get_closest_marker(name) for name in _DATABASE_MARKERS))


def pytest_collection_modifyitems(config, items):
    if not config.getoption("database_tests_only"):
        return
    kept = [item for item in items if reaches_the_database(item)]
    config.hook.pytest_deselected(items=[item for item in items if item not in kept])
    items[:] = kept
