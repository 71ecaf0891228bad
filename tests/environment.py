"""Loaded with `-p tests.environment` before Django reads its settings: tests never touch
the developer's ./var, and hosts used by the tests are allowed."""

import os
import tempfile

os.environ.setdefault("SOKHAN_DATA_DIR", tempfile.mkdtemp(prefix="sokhan-test-"))
os.environ.setdefault("SOKHAN_ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
# Tests of admin pages log staff in with force_login, which skips the authenticator code;
# tests/staff switches two-factor authentication on (the production default) itself.
os.environ.setdefault("SOKHAN_STAFF_2FA", "false")
