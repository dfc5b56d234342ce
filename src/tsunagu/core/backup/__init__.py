"""Backup and restore of the whole database: SQLite's online backup API, or pg_dump and
pg_restore for PostgreSQL. Both are consistent while the app keeps running.

Every backup is encrypted (``crypto``: AES-256-GCM in chunks) with the backup key, a file of
its own kept apart from the backups (settings.BACKUP_KEY_FILE, created 0600 on first use).
The plain database copy never reaches the backup folder: SQLite's snapshot is taken in a
private temporary folder beside the database, pg_dump's output is encrypted as it streams.

A backup is written to a temporary name beside the target, flushed to disk, and renamed into
place only when complete: a backup killed half-way (power cut, kill -9) never leaves a file
under the name asked for, and an earlier backup of that name stays intact.

Restore decrypts the whole file into a private temporary file first; a wrong key, a damaged,
cut or tampered file is refused there, before the database is touched. The decrypted copy is
then checked whole (SQLite: ``PRAGMA integrity_check``; PostgreSQL: pg_restore in one
transaction). Backups made before encryption (plain SQLite files or pg_dump archives) are
still restored, with a warning.

``verify=True`` restores the new backup into a scratch database (a temporary SQLite file, or a
PostgreSQL database created and dropped for it) and compares the row count and an
order-independent checksum of every table with the snapshot the backup was taken from."""

import contextlib
import os
import re
import secrets
import shutil
import sqlite3
import subprocess  # noqa: S404 — pg_dump/pg_restore are the tools for the job
import tarfile
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import connection, connections
from django.utils.translation import gettext as _

from tsunagu.core.backup import archive, crypto
from tsunagu.core.backup.digest import TableDigests, digests_of, mismatches
from tsunagu.core.backup.digest import quote_pg as _quote_pg


class BackupError(Exception):
    pass


Say = Callable[[str], None]


def _silent(_message: str) -> None:
    pass


@dataclass
class BackupResult:
    path: Path
    key_file: Path
    key_created: bool = False
    media_files: int = 0
    expected: TableDigests = field(default_factory=dict)
    verified: TableDigests = field(default_factory=dict)


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


def _pg_env_and_args(dbname: str | None = None) -> tuple[dict[str, str], list[str]]:
    settings_dict = connection.settings_dict
    env = dict(os.environ)
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    args = []
    if settings_dict.get("HOST"):
        args += ["--host", str(settings_dict["HOST"])]
    if settings_dict.get("PORT"):
        args += ["--port", str(settings_dict["PORT"])]
    if settings_dict.get("USER"):
        args += ["--username", str(settings_dict["USER"])]
    args += ["--dbname", dbname or str(settings_dict["NAME"])]
    return env, args


def _pg_connect(dbname: str | None = None, *, autocommit: bool = False):
    """A plain psycopg connection (both sides of a comparison read through the same kind)."""
    import psycopg

    s = connection.settings_dict
    params = {
        "dbname": dbname or s["NAME"],
        "user": s.get("USER") or None,
        "password": s.get("PASSWORD") or None,
        "host": s.get("HOST") or None,
        "port": s.get("PORT") or None,
    }
    return psycopg.connect(**{k: v for k, v in params.items() if v}, autocommit=autocommit)


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


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    return True


@contextlib.contextmanager
def _private_dir() -> Iterator[Path]:
    """A folder only this user can read (0700), beside the database, for plain copies.

    A backup or restore killed outright (kill -9, power cut) cannot remove its folder; the
    next one removes every such folder whose process is gone, so no plain copy lingers."""
    base = Path(settings.VAR_DIR) / "tmp"
    base.mkdir(parents=True, exist_ok=True)
    for stale in base.glob("backup-*-*"):
        pid = stale.name.split("-")[1]
        if pid.isdigit() and int(pid) != os.getpid() and not _alive(int(pid)):
            shutil.rmtree(stale, ignore_errors=True)
    with tempfile.TemporaryDirectory(prefix=f"backup-{os.getpid()}-", dir=base) as name:
        yield Path(name)


def key_file_default() -> Path:
    return Path(settings.BACKUP_KEY_FILE)


def _key_for_backup(key_file: Path, backup_dir: Path) -> tuple[bytes, bool]:
    """The backup key, created if there is none yet; refused inside the backup folder."""
    key_abs = key_file.expanduser().resolve()
    if key_abs.is_relative_to(backup_dir.resolve()):
        raise BackupError(
            _(
                "バックアップの鍵 (%(key)s) がバックアップの保存先 (%(dir)s) の中にあります。"
                "鍵はバックアップと別の場所に置いてください（TSUNAGU_BACKUP_KEY_FILE）。"
            )
            % {"key": key_abs, "dir": backup_dir}
        )
    if key_abs.exists():
        return _load_key(key_abs), False
    crypto.key_create(key_abs)
    return _load_key(key_abs), True


def _load_key(key_file: Path) -> bytes:
    try:
        return crypto.key_load(key_file.expanduser())
    except crypto.BackupCryptoError as error:
        raise BackupError(str(error)) from None


def backup(
    path: Path, *, key_file: Path | None = None, verify: bool = False, say: Say = _silent
) -> BackupResult:
    """An encrypted backup of the whole database and the attached files at ``path``. With
    ``verify``, the checksums of every table are taken in the same snapshot, for
    ``backup_verify``."""
    path = Path(path)
    if _vendor() not in ("sqlite", "postgresql"):
        raise BackupError(f"unsupported database: {_vendor()}")
    path.parent.mkdir(parents=True, exist_ok=True)
    key_file = Path(key_file) if key_file else key_file_default()
    key, created = _key_for_backup(key_file, path.parent)
    result = BackupResult(path=path, key_file=key_file, key_created=created)
    partial = partial_path(path)
    partial.unlink(missing_ok=True)
    try:
        with _private_dir() as private:
            database = private / archive.DATABASE_NAMES[_vendor()]
            if _vendor() == "sqlite":
                result.expected = _sqlite_snapshot(database, verify=verify, say=say)
            else:
                result.expected = _pg_dump(database, verify=verify, say=say)
            say(_("データベースと添付ファイルを暗号化して書き出しています…"))
            with _open_new(partial) as out:
                result.media_files = archive.archive_write(
                    out,
                    key,
                    vendor=_vendor(),
                    database=database,
                    media_root=Path(settings.MEDIA_ROOT),
                )
            _fsync(partial)
            os.replace(partial, path)  # atomic: the name holds a whole backup or the old one
    finally:
        partial.unlink(missing_ok=True)
    return result


def backup_verify(result: BackupResult, *, say: Say = _silent) -> TableDigests:
    """Restore the backup just made into a scratch database and compare every table with the
    snapshot it was made from (``backup(..., verify=True)`` took the snapshot's checksums)."""
    if not result.expected:
        raise BackupError("backup_verify needs backup(..., verify=True)")
    key = _load_key(result.key_file)
    with _private_dir() as private:
        say(_("一時データベースに復元して、全テーブルの件数とチェックサムを比べています…"))
        result.verified = _verify(result, key, private)
    return result.verified


def _open_new(path: Path):
    """A new file only its owner can read (backups are encrypted; this is one more fence)."""
    return os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb")


def _sqlite_snapshot(snapshot: Path, *, verify: bool, say: Say) -> TableDigests:
    say(_("SQLite のスナップショットを作成しています…"))
    connection.ensure_connection()
    target = sqlite3.connect(snapshot)
    try:
        # In steps of 1,024 pages, so that the app's writers are not held up for long.
        connection.connection.backup(target, pages=1024)
        target.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
        return digests_of(target, _sqlite_tables(target)) if verify else {}
    finally:
        target.close()


def _pg_dump(dump: Path, *, verify: bool, say: Say) -> TableDigests:
    env, args = _pg_env_and_args()
    snapshot_connection = None
    snapshot_args: list[str] = []
    if verify:  # the checksums are taken in the very snapshot pg_dump dumps
        import psycopg

        snapshot_connection = _pg_connect()
        snapshot_connection.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        snapshot_id = snapshot_connection.execute("SELECT pg_export_snapshot()").fetchone()[0]
        snapshot_args = [f"--snapshot={snapshot_id}"]
    try:
        say(_("pg_dump で書き出しています…"))
        result = subprocess.run(  # noqa: S603
            [_tool("pg_dump"), "--format=custom", "--no-owner", "--file", str(dump),
             *snapshot_args, *args],
            env=env,
            preexec_fn=_die_with_parent,  # noqa: PLW1509 — no threads run in this command
            capture_output=True,
            text=True,
            check=False,
        )  # fmt: skip
        if result.returncode != 0:
            raise BackupError(result.stderr.strip() or "pg_dump failed")
        if snapshot_connection is None:
            return {}
        return digests_of(snapshot_connection, _pg_tables(snapshot_connection), _quote_pg)
    finally:
        if snapshot_connection is not None:
            snapshot_connection.close()


def _sqlite_tables(db) -> list[str]:
    rows = db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    ).fetchall()
    return sorted(row[0] for row in rows)


def _pg_tables(db) -> list[str]:
    rows = db.execute(
        "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
    ).fetchall()
    return sorted(row[0] for row in rows)


def _regexp(pattern: str | None, value: object) -> bool | None:
    """Django's SQLite REGEXP, which CHECK constraints call (integrity_check runs them)."""
    if pattern is None or value is None:
        return None
    return re.search(pattern, str(value)) is not None


def _refused(error: object) -> BackupError:
    return BackupError(
        _("復元できません（データベースは変更していません）: %(error)s") % {"error": error}
    )


def _decrypt_to(path: Path, key: bytes, plain: Path) -> None:
    with open(path, "rb") as source, open(plain, "wb") as out:
        crypto.decrypt_stream(source, out, key)


def _sqlite_open_checked(path: Path) -> sqlite3.Connection:
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
    return source


def _pg_restore(path: Path, *, dbname: str | None = None, clean: bool = True) -> None:
    env, args = _pg_env_and_args(dbname)
    result = subprocess.run(  # noqa: S603
        [
            _tool("pg_restore"),
            *(["--clean", "--if-exists"] if clean else []),
            "--no-owner",
            "--single-transaction",
            "--exit-on-error",
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


def _restore_database(database: Path) -> None:
    if _vendor() == "sqlite":
        source = _sqlite_open_checked(database)
        try:
            connection.ensure_connection()
            source.backup(connection.connection)
        finally:
            source.close()
    else:
        connections.close_all()
        _pg_restore(database)


def restore(path: Path, *, key_file: Path | None = None, say: Say = _silent) -> None:
    """Replace the database and the attached files with the backup at ``path``.

    Everything that can fail before the database is touched runs first: the key, the
    decryption of the whole file, the archive's contents, unpacking the attached files."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(_("バックアップファイルがありません: %(path)s") % {"path": path})
    if _vendor() not in ("sqlite", "postgresql"):
        raise BackupError(f"unsupported database: {_vendor()}")
    if not crypto.is_encrypted(path):
        say(
            _(
                "注意: 暗号化されていない古い形式のバックアップです（データベースのみ）。"
                "そのまま復元します。復元の後、新しいバックアップを取り、古いファイルは"
                "安全に削除してください。"
            )
        )
        say(_("データベースに復元しています…"))
        _restore_database(path)
        return
    media_root = Path(settings.MEDIA_ROOT)
    staged = archive.media_staging(media_root)
    with _private_dir() as private:
        plain = private / "backup.tar"
        say(_("バックアップを復号しています…"))
        try:
            key = crypto.key_load(Path(key_file or key_file_default()).expanduser())
            _decrypt_to(path, key, plain)
            contents = archive.Archive(plain)
        except (crypto.BackupCryptoError, archive.ArchiveError) as error:
            raise _refused(error) from None
        try:
            if contents.vendor != _vendor():
                raise _refused(
                    _(
                        "このバックアップは %(backup)s のもので、いまのデータベースは "
                        "%(current)s です。SQLite から PostgreSQL へは tsunagu dbmove で"
                        "移してください。"
                    )
                    % {"backup": contents.vendor, "current": _vendor()}
                )
            database = contents.extract_database(private)
            shutil.rmtree(staged, ignore_errors=True)
            files = contents.extract_media(staged)
        except (OSError, tarfile.TarError, archive.ArchiveError) as error:
            shutil.rmtree(staged, ignore_errors=True)
            raise _refused(error) from None
        finally:
            contents.close()
        plain.unlink()
        try:
            say(_("データベースに復元しています…"))
            _restore_database(database)
        except BackupError:
            shutil.rmtree(staged, ignore_errors=True)
            raise
        say(_("添付ファイルを戻しています（%(count)d 件）…") % {"count": files})
        archive.media_replace(staged, media_root)


def _verify(result: BackupResult, key: bytes, private: Path) -> TableDigests:
    """Restore the backup into a scratch database; compare with ``result.expected``."""
    plain = private / "verify.tar"
    try:
        _decrypt_to(result.path, key, plain)
        contents = archive.Archive(plain)
    except (crypto.BackupCryptoError, archive.ArchiveError) as error:
        raise BackupError(_("検証に失敗しました: %(error)s") % {"error": error}) from None
    try:
        database = contents.extract_database(private)
        files = len(contents.media_members())
    finally:
        contents.close()
    plain.unlink()
    if files != result.media_files:
        raise BackupError(
            _("検証に失敗しました。添付ファイルの数が違います: %(stored)d / %(found)d")
            % {"stored": result.media_files, "found": files}
        )
    if _vendor() == "sqlite":
        scratch = sqlite3.connect(private / "scratch.sqlite3")
        source = _sqlite_open_checked(database)
        try:
            source.backup(scratch)
            found = digests_of(scratch, _sqlite_tables(scratch))
        finally:
            source.close()
            scratch.close()
    else:
        found = _pg_verify(database)
    wrong = mismatches(result.expected, found)
    if wrong:
        raise BackupError(
            _("検証に失敗しました。一時データベースの内容が元と違います: %(tables)s")
            % {"tables": "、".join(wrong)}
        )
    return found


def _pg_verify(plain: Path) -> TableDigests:
    base = str(connection.settings_dict["NAME"])[:40]
    scratch = f"{base}_verify_{secrets.token_hex(4)}"
    admin = _pg_connect(autocommit=True)
    try:
        try:
            admin.execute(f"CREATE DATABASE {_quote_pg(scratch)}")
        except Exception as error:  # noqa: BLE001 — psycopg's errors, shown to the operator
            raise BackupError(
                _("検証用の一時データベースを作れません（CREATEDB 権限が必要です）: %(error)s")
                % {"error": error}
            ) from None
        try:
            _pg_restore(plain, dbname=scratch, clean=False)
            with _pg_connect(scratch) as db:
                return digests_of(db, _pg_tables(db), _quote_pg)
        finally:
            admin.execute(f"DROP DATABASE IF EXISTS {_quote_pg(scratch)} WITH (FORCE)")
    finally:
        admin.close()
