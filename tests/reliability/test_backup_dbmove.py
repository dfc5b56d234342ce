"""The move of a center from the embedded SQLite to PostgreSQL (`tsunagu dbmove`), for real:
a SQLite installation made by `tsunagu upgrade` and `tsunagu demo` in its own folder, moved by
the command into a new PostgreSQL database, then compared here independently of the
command's own checksums: every table's row count and ids, the audit log's timestamps (not
re-stamped by the copy), its append-only trigger, and sequences that continue after the
highest id. A second move into the same database is refused.

Needs a PostgreSQL server: runs with DATABASE_URL=postgres://... (the role must be allowed
to create databases, as in CI); skipped on a SQLite-only run."""

import datetime
import os
import sqlite3
import subprocess
import sys
import uuid
from urllib.parse import urlsplit, urlunsplit

import pytest

TSUNAGU = [sys.executable, "-m", "tsunagu"]


@pytest.fixture
def pg_target():
    """The URL of a new, empty PostgreSQL database, dropped afterwards."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        pytest.skip("needs PostgreSQL: run with DATABASE_URL=postgres://...")
    import psycopg

    parts = urlsplit(url)
    name = (parts.path.lstrip("/") or "tsunagu")[:40] + "_dbmove_test"
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    yield urlunsplit(parts._replace(path=f"/{name}"))
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _run(args, env) -> subprocess.CompletedProcess:
    return subprocess.run([*TSUNAGU, *args], env=env, capture_output=True, text=True,  # noqa: S603
                          check=False)  # fmt: skip


def _key(value):
    """A primary key as SQLite stores it (UUIDs as 32 hex digits)."""
    return value.hex if isinstance(value, uuid.UUID) else value


def _utc(value) -> datetime.datetime:
    if isinstance(value, str):  # Django's SQLite text, in UTC
        value = datetime.datetime.fromisoformat(value).replace(tzinfo=datetime.UTC)
    return value.astimezone(datetime.UTC)


def test_sqlite_to_postgresql_keeps_every_row(tmp_path, pg_target):
    import psycopg

    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "TSUNAGU_PRODUCTION")}
    env["TSUNAGU_VAR_DIR"] = str(tmp_path / "var")
    for args in (["upgrade"], ["demo"]):
        done = _run(args, env)
        assert done.returncode == 0, done.stderr
    source = sqlite3.connect(tmp_path / "var" / "tsunagu.sqlite3")
    source.execute("UPDATE people_person SET contact_note = 'ℹ 改行\n“引用” ① 𠮷' WHERE id = "
                   "(SELECT min(id) FROM people_person)")  # fmt: skip
    source.commit()

    moved = _run(["dbmove", "--to", pg_target], env)
    assert moved.returncode == 0, moved.stderr
    assert "[4/4]" in moved.stdout and "一致しました" in moved.stdout

    from tsunagu.core.backup.move import cache_tables

    tables = [
        name
        for (name,) in source.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            " AND name <> 'django_migrations'"
        )
        if name not in cache_tables()  # disposable (a region's data version): not moved
    ]
    assert len(tables) > 100
    with psycopg.connect(pg_target) as target:
        total = 0
        for table in tables:
            pk = [col[1] for col in source.execute(f'PRAGMA table_info("{table}")') if col[5]]
            column = f'"{pk[0]}"' if len(pk) == 1 else "1"
            ids = sorted(_key(row[0]) for row in source.execute(f'SELECT {column} FROM "{table}"'))  # noqa: S608
            moved_ids = sorted(
                _key(row[0])
                for row in target.execute(f'SELECT {column} FROM "{table}"')  # noqa: S608
            )
            assert moved_ids == ids, table
            total += len(ids)
        assert total > 1000
        audit = dict(source.execute("SELECT id, at FROM core_auditentry"))
        moved_audit = dict(target.execute("SELECT id, at FROM core_auditentry").fetchall())
        assert {k: _utc(v) for k, v in moved_audit.items()} == {
            k: _utc(v) for k, v in audit.items()
        }
        note = target.execute(
            "SELECT contact_note FROM people_person ORDER BY id LIMIT 1"
        ).fetchone()[0]
        assert note == "ℹ 改行\n“引用” ① 𠮷"
        applied = set(source.execute("SELECT app, name FROM django_migrations"))
        assert applied <= set(target.execute("SELECT app, name FROM django_migrations"))

        # New rows continue after the highest id.
        for table in ("core_auditentry", "people_person"):
            (next_id,) = target.execute(
                f"SELECT nextval(pg_get_serial_sequence('{table}', 'id'))"
            ).fetchone()
            (highest,) = target.execute(f'SELECT max(id) FROM "{table}"').fetchone()  # noqa: S608
            assert next_id > highest
        # The audit log stays append-only.
        with pytest.raises(psycopg.errors.RaiseException, match="append-only"):
            target.execute("UPDATE core_auditentry SET summary = 'x'")
        target.rollback()

    again = _run(["dbmove", "--to", pg_target], env)
    assert again.returncode != 0
    assert "空ではありません" in again.stderr
