"""kill -9 in the middle of an import and of a backup, for real: afterwards the database is
consistent, the import is applied wholly or not at all, and a backup is either absent,
complete and restorable, or a partial file that `tsunagu restore` refuses (cut short: its
encryption lacks the last chunk), and no plain copy of the database stays behind.

The kill is timed by what the process has done, not by sleeping: the import is killed once
it holds the database's write lock and has written pages (SQLite: the WAL has grown past its
transaction is open; PostgreSQL: its INSERT is running); the backup once its temporary file
exists. If the process finishes first, the test tries again with more data.

Only SQLite has been run here; the PostgreSQL branch (DATABASE_URL=postgres://...) watches
pg_stat_activity for the import's INSERT instead of the file lock."""

import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection
from tests.imports.conftest import PERSON_HEADER, csv_bytes
from tests.reliability.conftest import sqlite_path

pytestmark = pytest.mark.django_db(transaction=True)

TSUNAGU = [sys.executable, "-m", "tsunagu"]


def _start(args: list[str], env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen(  # noqa: S603
        [*TSUNAGU, *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )


def _sqlite(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(path, timeout=0, isolation_level=None)
    db.create_function("REGEXP", 2, _regexp)  # Django's CHECK constraints call it
    return db


def _regexp(pattern, value):
    return None if pattern is None or value is None else bool(re.search(pattern, str(value)))


def _sqlite_writer_busy(path: Path) -> bool:
    """True while another process holds the write lock: the import's transaction is open
    (Django's SQLite transactions begin IMMEDIATE) and rows are being inserted."""
    probe = _sqlite(path)
    try:
        probe.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError:
        return True  # locked: the import's transaction is open
    else:
        probe.execute("ROLLBACK")
        return False
    finally:
        probe.close()


def _pg_import_running() -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
            " AND pid <> pg_backend_pid() AND xact_start IS NOT NULL"
            " AND query ILIKE '%%INSERT INTO \"people_person\"%%'"
        )
        return cursor.fetchone()[0] > 0


def _kill_when(process: subprocess.Popen, ready) -> bool:
    """SIGKILL once ``ready()``; False if the process ended by itself first."""
    while process.poll() is None:
        if ready():
            process.send_signal(signal.SIGKILL)
            process.wait()
            return True
        time.sleep(0.005)
    return False


def _person_count(env) -> int:
    path = sqlite_path(env)
    if path is None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM people_person")
            return cursor.fetchone()[0]
    db = _sqlite(path)
    try:
        assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
        return db.execute("SELECT count(*) FROM people_person").fetchone()[0]
    finally:
        db.close()


def test_kill_9_during_an_import_leaves_all_or_nothing(db_process_env, tmp_path):
    env = db_process_env
    path = sqlite_path(env)
    before = _person_count(env)
    rows = 1_000
    for _attempt in range(3):
        csv_file = tmp_path / f"persons-{rows}.csv"
        csv_file.write_bytes(csv_bytes([PERSON_HEADER, *(
            [f"K{i:06d}", f"山田 {i}", "ヤマダ タロウ", "2000-01-01", "", ""] for i in range(rows)
        )]))  # fmt: skip
        process = _start(["import", "persons", str(csv_file), "--region", "sanbu"], env)
        ready = (lambda: _sqlite_writer_busy(path)) if path else _pg_import_running
        if _kill_when(process, ready):
            break
        assert process.returncode == 0, process.stderr.read().decode()
        assert _person_count(env) == before + rows  # finished first: all of it, try bigger
        before += rows
        rows *= 2
    else:
        pytest.fail("the import always finished before it could be killed")
    assert process.returncode == -signal.SIGKILL
    after = _person_count(env)  # SQLite: integrity_check and foreign_key_check pass
    assert after == before  # the killed import wrote nothing

    # And the same file imports wholly afterwards.
    rerun = _start(["import", "persons", str(csv_file), "--region", "sanbu"], env)
    assert rerun.wait() == 0, rerun.stderr.read().decode()
    assert _person_count(env) == before + rows


def _partials(target: Path) -> list[Path]:
    return list(target.parent.glob(f".{target.name}.*.partial"))


def test_kill_9_during_a_backup_leaves_no_half_file_under_its_name(db_process_env, tmp_path):
    env = {**db_process_env, "TSUNAGU_VAR_DIR": str(tmp_path / "var")}  # the backup key's home
    private = tmp_path / "var" / "tmp"  # where the plain snapshot waits to be encrypted
    path = sqlite_path(env)
    if path is not None:  # make the copy take a while: 96 MB of padding
        db = _sqlite(path)
        db.execute("CREATE TABLE padding (x BLOB)")
        db.execute(
            "INSERT INTO padding SELECT randomblob(1024 * 1024) FROM"
            " (WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 96)"
            " SELECT i FROM n)"
        )
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        db.close()
    else:  # the same on PostgreSQL, incompressible so pg_dump writes all of it
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE IF EXISTS padding")
            cursor.execute("CREATE TABLE padding (x bytea)")
            cursor.execute(
                "INSERT INTO padding SELECT decode(string_agg(md5(random()::text), ''), 'hex')"
                " FROM generate_series(1, 65536) g, generate_series(1, 96) b GROUP BY b"
            )
    target = tmp_path / "backups" / "tsunagu.backup"
    target.parent.mkdir()
    target.write_bytes(b"an earlier backup")
    process = _start(["backup", str(target)], env)
    killed = _kill_when(process, lambda: any(p.stat().st_size > 0 for p in _partials(target)))
    if not killed:
        assert process.returncode == 0, process.stderr.read().decode()
        pytest.skip("the backup finished before it could be killed")  # complete: see below
    assert target.read_bytes() == b"an earlier backup"  # the old backup is intact
    assert list(private.glob(f"backup-{process.pid}-*"))  # killed: it could not clean up
    leftovers = _partials(target)
    assert leftovers, "the kill came while the temporary file existed"
    if path is not None:
        db = _sqlite(path)
        assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        db.close()
    # The half-written file is refused by restore, and the database is untouched by it.
    before = _person_count(env)
    restore = _start(["restore", str(leftovers[0]), "--yes"], env)
    _out, err = restore.communicate()
    assert restore.returncode != 0
    assert "途中で切れて" in err.decode()  # encrypted: the cut file lacks its last chunk
    assert _person_count(env) == before

    # A backup left to finish is complete and restorable.
    killed_pid = process.pid
    process = _start(["backup", str(target)], env)
    assert process.wait() == 0, process.stderr.read().decode()
    assert not _partials(target) or all(p in leftovers for p in _partials(target))
    # The killed run's plain snapshot (SQLite) did not outlive it: the next run removed it.
    assert not list(private.glob(f"backup-{killed_pid}-*"))
    restore = _start(["restore", str(target), "--yes"], env)
    assert restore.wait() == 0, restore.stderr.read().decode()
    assert _person_count(env) == before
    if path is None:
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE IF EXISTS padding")
