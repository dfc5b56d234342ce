"""Backup and restore of the whole database: SQLite's online backup API, or pg_dump and
pg_restore for PostgreSQL. Both are consistent while the app keeps running."""

import os
import shutil
import sqlite3
import subprocess  # noqa: S404 — pg_dump/pg_restore are the tools for the job
from pathlib import Path

from django.db import connection, connections
from django.utils.translation import gettext as _


class BackupError(Exception):
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


def backup(path: Path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if _vendor() == "sqlite":
        connection.ensure_connection()
        target = sqlite3.connect(path)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
        return path
    if _vendor() == "postgresql":
        env, args = _pg_env_and_args()
        result = subprocess.run(  # noqa: S603
            [_tool("pg_dump"), "--format=custom", "--no-owner", "--file", str(path), *args],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            raise BackupError(result.stderr.strip() or "pg_dump failed")
        return path
    raise BackupError(f"unsupported database: {_vendor()}")


def restore(path: Path) -> None:
    """Replace the current database's contents with the backup at ``path``."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(_("バックアップファイルがありません: %(path)s") % {"path": path})
    if _vendor() == "sqlite":
        try:
            source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
            source.execute("SELECT count(*) FROM django_migrations").fetchone()
        except sqlite3.DatabaseError as error:
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
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            raise BackupError(result.stderr.strip() or "pg_restore failed")
        return
    raise BackupError(f"unsupported database: {_vendor()}")
