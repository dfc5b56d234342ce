"""Backup and restore of the whole database: SQLite's online backup API, or pg_dump and
pg_restore for PostgreSQL. Both are consistent while the app keeps running.

A backup is written to a temporary name beside the target, flushed to disk, and renamed into
place only when complete: a backup killed half-way (power cut, kill -9) never leaves a file
under the name asked for, and an earlier backup of that name stays intact. Restore checks the
file whole (SQLite: ``PRAGMA integrity_check``; PostgreSQL: pg_restore in one transaction)
before touching the database."""

import os
import re
import shutil
import sqlite3
import subprocess  # noqa: S404 — pg_dump/pg_restore are the tools for the job
from pathlib import Path

from django.db import connection, connections
from django.utils.translation import gettext as _


class BackupError(Exception):
    pass


def _die_with_parent() -> None:
    """In the pg_dump/pg_restore child: be killed when tsunagu is. Otherwise a `kill -9` of
    `tsunagu backup` leaves pg_dump running on, finishing a file nobody will rename."""
    try:
        import ctypes
        import signal

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # not Linux: the child may outlive a killed parent
        pass


def _vendor() -> str:
    return connection.vendor


def _pg_env_and_args() -> tuple[dict[str, str], list[str]]:
    settings = connection.settings_dict
    env = dict(os.environ)
    if settings.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings["PASSWORD"])
    args = []
    if settings.get("HOST"):
        args += ["--host", str(settings["HOST"])]
    if settings.get("PORT"):
        args += ["--port", str(settings["PORT"])]
    if settings.get("USER"):
        args += ["--username", str(settings["USER"])]
    args += ["--dbname", str(settings["NAME"])]
    return env, args


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            _("%(name)s が見つかりません。PostgreSQL のクライアントを入れてください。")
            % {"name": name}
        )
    return path


PARTIAL_SUFFIX = ".partial"


def partial_path(path: Path) -> Path:
    """Where a backup to ``path`` is written until it is complete."""
    return path.with_name(f".{path.name}.{os.getpid()}{PARTIAL_SUFFIX}")


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def backup(path: Path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if _vendor() not in ("sqlite", "postgresql"):
        raise BackupError(f"unsupported database: {_vendor()}")
    partial = partial_path(path)
    partial.unlink(missing_ok=True)
    try:
        if _vendor() == "sqlite":
            _sqlite_backup(partial)
        else:
            _pg_dump(partial)
        _fsync(partial)
        os.replace(partial, path)  # atomic: the name holds a whole backup or the old one
    finally:
        partial.unlink(missing_ok=True)
    return path


def _sqlite_backup(partial: Path) -> None:
    connection.ensure_connection()
    target = sqlite3.connect(partial)
    try:
        # In steps of 1,024 pages, so that the app's writers are not held up for long.
        connection.connection.backup(target, pages=1024)
        target.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
    finally:
        target.close()


def _pg_dump(partial: Path) -> None:
    env, args = _pg_env_and_args()
    result = subprocess.run(  # noqa: S603
        [_tool("pg_dump"), "--format=custom", "--no-owner", "--file", str(partial), *args],
        env=env,
        preexec_fn=_die_with_parent,  # noqa: PLW1509 — no threads run in this command
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise BackupError(result.stderr.strip() or "pg_dump failed")


def _regexp(pattern: str | None, value: object) -> bool | None:
    """Django's SQLite REGEXP, which CHECK constraints call (integrity_check runs them)."""
    if pattern is None or value is None:
        return None
    return re.search(pattern, str(value)) is not None


def restore(path: Path) -> None:
    """Replace the current database's contents with the backup at ``path``."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(_("バックアップファイルがありません: %(path)s") % {"path": path})
    if _vendor() == "sqlite":
        source = None
        try:
            source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
            source.create_function("REGEXP", 2, _regexp, deterministic=True)  # CHECKs use it
            source.execute("SELECT count(*) FROM django_migrations").fetchone()
            problems = [row[0] for row in source.execute("PRAGMA integrity_check")]
            if problems != ["ok"]:
                raise sqlite3.DatabaseError("; ".join(problems[:3]))
        except sqlite3.DatabaseError as error:
            if source is not None:
                source.close()
            raise BackupError(
                _("SQLite のバックアップとして読めません: %(error)s") % {"error": error}
            ) from None
        try:
            connection.ensure_connection()
            source.backup(connection.connection)
        finally:
            source.close()
        return
    if _vendor() == "postgresql":
        env, args = _pg_env_and_args()
        connections.close_all()
        result = subprocess.run(  # noqa: S603
            [
                _tool("pg_restore"),
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                *args,
                str(path),
            ],
            env=env,
            preexec_fn=_die_with_parent,  # noqa: PLW1509 — no threads run in this command
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            raise BackupError(result.stderr.strip() or "pg_restore failed")
        return
    raise BackupError(f"unsupported database: {_vendor()}")
