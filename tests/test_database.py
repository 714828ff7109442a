"""The suite runs on the database DATABASE_URL names: SQLite by default, PostgreSQL in the second run."""

import os

from django.db import connection


def test_it_runs_on_the_configured_database(db: None) -> None:
    expected = (
        "postgresql" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "sqlite"
    )
    assert connection.vendor == expected


def test_sqlite_runs_in_wal_mode(db: None) -> None:
    if connection.vendor != "sqlite":
        return
    from django.conf import settings

    assert "journal_mode=WAL" in settings.DATABASES["default"]["OPTIONS"]["init_command"]
