"""Operator settings: declared once, read from the environment, documented in the README."""

from __future__ import annotations

from pathlib import Path

import pytest

from sokhan import conf

README = Path(__file__).resolve().parents[2] / "README.md"


def test_readme_settings_table_matches_the_declarations():
    assert conf.markdown_table() in README.read_text(encoding="utf-8"), (
        "README's settings table is stale: paste the output of `sokhan settings --markdown`")


@pytest.mark.parametrize(("name", "text", "expected"), [
    ("SOKHAN_DEBUG", "true", True), ("SOKHAN_DEBUG", "0", False), ("SOKHAN_DEBUG", "", False),
    ("SOKHAN_PORT", "8080", 8080),
    ("SOKHAN_ALLOWED_HOSTS", "a.example, b.example ,", ["a.example", "b.example"]),
])
def test_values_are_typed(name, text, expected):
    assert conf.value(name, {name: text}) == expected


def test_defaults_apply_when_unset():
    assert conf.value("SOKHAN_PORT", {}) == 8000
    assert conf.value("SOKHAN_TIME_ZONE", {}) == "Asia/Tehran"


@pytest.mark.parametrize(("name", "text", "fix"), [
    ("SOKHAN_DEBUG", "maybe", "set it to true or false"),
    ("SOKHAN_PORT", "eighty", "is not a whole number"),
])
def test_bad_values_fail_with_the_fix_in_the_message(name, text, fix):
    with pytest.raises(conf.SettingError) as error:
        conf.value(name, {name: text})
    assert name in str(error.value) and fix in str(error.value)


def test_secret_key_is_generated_once_and_kept_private(settings):
    key_file = Path(settings.DATA_DIR) / "secret_key"
    assert key_file.read_text().strip() == settings.SECRET_KEY
    assert len(settings.SECRET_KEY) >= 50
    assert key_file.stat().st_mode & 0o077 == 0


def test_sqlite_runs_in_wal_mode(db):
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("WAL is a SQLite setting")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        mode = cursor.fetchone()[0]
    # The test database lives in memory, where SQLite reports "memory"; on disk it is WAL.
    assert mode in ("wal", "memory")
    assert "journal_mode=WAL" in connection.settings_dict["OPTIONS"]["init_command"]
