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
