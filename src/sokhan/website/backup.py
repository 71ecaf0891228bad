"""Consistent copies of the database, taken while the site keeps serving."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from django.db import connection


class BackupError(RuntimeError):
    """A backup that cannot be made, with what to do instead."""


def backup(target: Path) -> None:
    """Copy the SQLite database with SQLite's online backup API.

    The copy is consistent even while workers write: SQLite copies pages and restarts
    when a writer changes one it has already copied. The copy is written beside the
    target and renamed, so a crash never leaves a half-written file under its name.
    """
    if connection.vendor == "postgresql":
        settings = connection.settings_dict
        raise BackupError(
            "PostgreSQL databases are backed up with pg_dump, e.g. "
            f"pg_dump --format=custom --file={target} --host={settings.get('HOST') or 'localhost'}"
            f" --port={settings.get('PORT') or 5432} --username={settings.get('USER') or ''}"
            f" {settings['NAME']}")
    if connection.vendor != "sqlite":
        raise BackupError(f"Backups of {connection.vendor} databases are not supported.")
    target = target.resolve()
    partial = target.with_name(target.name + ".partial")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        partial.unlink(missing_ok=True)
        connection.ensure_connection()
        destination = sqlite3.connect(partial)
        try:
            connection.connection.backup(destination)
        finally:
            destination.close()
        partial.replace(target)
    except (OSError, sqlite3.Error) as error:
        raise BackupError(f"Cannot write the backup to {target} ({error}); choose a folder "
                          "Sokhan may write to.") from None
