"""A real database file for tests that run `tsunagu` in another process (and kill it)."""

import os
import sqlite3
from pathlib import Path

import pytest
from django.db import connection


@pytest.fixture
def db_process_env(transactional_db, region, tmp_path) -> dict[str, str]:
    """Environment for a `tsunagu` subprocess that sees this test's database (with its region).

    SQLite: the test database (in memory) is copied into a file, used in WAL mode as in
    production. PostgreSQL: the test database itself; transactional_db commits the data."""
    env = dict(os.environ)
    if connection.vendor == "sqlite":
        path = tmp_path / "tsunagu.sqlite3"
        connection.ensure_connection()
        target = sqlite3.connect(path)
        connection.connection.backup(target)
        target.execute("PRAGMA journal_mode=WAL")
        target.close()
        env["DATABASE_URL"] = f"sqlite:///{path}"
    else:
        s = connection.settings_dict
        env["DATABASE_URL"] = (
            f"postgres://{s['USER']}:{s['PASSWORD']}@{s['HOST']}:{s['PORT']}/{s['NAME']}"
        )
    return env


def sqlite_path(env: dict[str, str]) -> Path | None:
    url = env["DATABASE_URL"]
    return Path(url.removeprefix("sqlite:///")) if url.startswith("sqlite:///") else None
