"""`--database-tests-only` (tests/environment.py), which CI's PostgreSQL run uses: it keeps
every test that reaches Django's database and leaves out those that cannot."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def collected(*args: str) -> set[str]:
    # Without the options this run was given (.ci/run's -m, for one): the collection is
    # the subject here.
    env = {name: value for name, value in os.environ.items() if name != "PYTEST_ADDOPTS"}
    done = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q", *args],
                          cwd=ROOT, capture_output=True, text=True, timeout=120, check=False,
                          env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    return {line.split("::")[1] for line in done.stdout.splitlines() if "::" in line}


def names(ids: set[str]) -> set[str]:
    return {test_id.split("[")[0] for test_id in ids}


def test_the_postgresql_run_keeps_the_database_tests_and_leaves_out_the_rest():
    files = ["tests/persian/test_letters.py",  # pure functions
             "tests/comments/test_alike.py",  # the whole module marked django_db
             "tests/captcha/test_hook.py",  # subprocesses, with no database of the run's
             "tests/staff/test_lockout.py",  # the `client` and `editor` (db) fixtures
             "tests/website/test_restore.py"]  # sites on the run's PostgreSQL server

    every_id = collected(*files)
    kept_ids = collected("--database-tests-only", *files)
    everything, kept = names(every_id), names(kept_ids)

    assert "test_arabic_yeh_alef_maksura_and_kaf_become_persian" in everything - kept
    assert "test_only_the_bench_settings_module_has_it" in everything - kept
    assert "test_only_what_moderators_marked_as_spam_teaches" in kept
    assert "test_a_lock_made_by_one_worker_holds_in_every_other" in kept
    assert "test_restore_asks_first_and_no_changes_nothing" in kept  # every_database
    assert kept < everything
    # A site on a SQLite database of its own repeats the SQLite run's work (own_sqlite).
    assert "test_restore_asks_first_and_no_changes_nothing[postgresql]" in kept_ids
    assert "test_restore_asks_first_and_no_changes_nothing[sqlite]" in every_id - kept_ids


def test_ci_s_sqlite_run_leaves_the_restore_tests_postgresql_sites_to_the_second_run():
    # .ci/run passes -m "not own_postgresql" to the first run: each site runs once.
    first = collected("-m", "not own_postgresql", "tests/website/test_restore.py")
    assert "test_restore_asks_first_and_no_changes_nothing[sqlite]" in first
    assert not [test_id for test_id in first if "postgresql" in test_id]
    assert "own_postgresql" in (ROOT / ".ci" / "run").read_text()
