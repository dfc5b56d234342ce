"""Encrypted backups (SECURITY.md: "a backup on a shared drive"): the file reveals nothing
without the key, the key lives apart from the backups, and restore refuses a wrong key or a
damaged, cut or tampered file before it touches the database. Old plain backups still restore.

Runs on SQLite and, with DATABASE_URL=postgres://..., on PostgreSQL (pg_dump/pg_restore)."""

import io
import os
import sqlite3
import stat
import subprocess

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from tsunagu.core.backup import _pg_env_and_args, crypto
from tsunagu.core.models import Region

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def key_file(tmp_path):
    return tmp_path / "keys" / "backup_key"


@pytest.fixture
def backup_file(tmp_path, key_file, person):
    """An encrypted backup of a database holding a person (made by the real command)."""
    path = tmp_path / "backups" / "tsunagu.backup"
    out = _call("backup", str(path), "--key-file", str(key_file))
    assert "バックアップの鍵を新しく作りました" in out
    return path


def _call(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def _region_after_backup() -> None:
    call_command("region", "create", "after", "後の圏域", "--municipalities", "12100:千葉市",
                 stdout=io.StringIO())  # fmt: skip


def _restore_refused(path, key_file, expected: str) -> None:
    """Restore fails with ``expected`` in its message and leaves the database as it was."""
    _region_after_backup()
    with pytest.raises(CommandError) as error:
        call_command("restore", str(path), "--yes", "--key-file", str(key_file),
                     stdout=io.StringIO())  # fmt: skip
    assert expected in str(error.value)
    assert "データベースは変更していません" in str(error.value)
    assert Region.objects.filter(code="after").exists()


def test_the_backup_is_encrypted_and_restores_with_its_key(backup_file, key_file, person):
    data = backup_file.read_bytes()
    assert data.startswith(crypto.MAGIC)
    for secret in ("髙橋", "タカハシ", "people_person", "CREATE TABLE"):
        assert secret.encode() not in data
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert stat.S_IMODE(backup_file.stat().st_mode) == 0o600
    _region_after_backup()
    _call("restore", str(backup_file), "--yes", "--key-file", str(key_file))
    assert not Region.objects.filter(code="after").exists()
    assert person.__class__.objects.filter(family_name_kana="タカハシ").exists()


def test_a_plain_snapshot_would_show_the_names(tmp_path, person):
    """What the encryption protects against: the same data unencrypted is readable as is."""
    if connection.vendor != "sqlite":
        pytest.skip("pg_dump compresses; the SQLite file shows it plainly")
    plain = tmp_path / "plain.sqlite3"
    _plain_backup(plain)
    assert "タカハシ".encode() in plain.read_bytes()


def test_a_wrong_key_is_refused_and_changes_nothing(backup_file, tmp_path):
    other = tmp_path / "other_key"
    crypto.key_create(other)
    _restore_refused(backup_file, other, "別の鍵で暗号化されています")


def test_a_missing_key_is_refused(backup_file, tmp_path):
    _restore_refused(backup_file, tmp_path / "nowhere" / "backup_key", "鍵ファイルがありません")


def test_a_tampered_byte_is_refused_and_changes_nothing(backup_file, key_file):
    data = bytearray(backup_file.read_bytes())
    data[len(data) // 2] ^= 0x01
    backup_file.write_bytes(bytes(data))
    _restore_refused(backup_file, key_file, "改ざん")


def test_a_tampered_header_is_refused(backup_file, key_file):
    data = bytearray(backup_file.read_bytes())
    data[crypto.HEADER_SIZE - 6] ^= 0x80  # in the salt
    backup_file.write_bytes(bytes(data))
    _restore_refused(backup_file, key_file, "改ざん")


def test_a_cut_file_is_refused(backup_file, key_file):
    data = backup_file.read_bytes()
    backup_file.write_bytes(data[: len(data) - 100])
    _restore_refused(backup_file, key_file, "途中で切れて")


def test_the_key_is_never_kept_in_the_backup_folder(tmp_path):
    folder = tmp_path / "shared-drive"
    with pytest.raises(CommandError, match="鍵はバックアップと別の場所"):
        call_command("backup", "--dir", str(folder), "--key-file", str(folder / "backup_key"),
                     stdout=io.StringIO())  # fmt: skip
    assert not (folder / "backup_key").exists()
    assert not list(folder.glob("*.backup"))


def _plain_backup(path) -> None:
    """A backup as tsunagu wrote them before encryption (SQLite file / pg_dump archive)."""
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        target = sqlite3.connect(path)
        connection.connection.backup(target)
        target.execute("PRAGMA journal_mode=DELETE")
        target.close()
    else:
        env, args = _pg_env_and_args()
        subprocess.run(  # noqa: S603
            ["pg_dump", "--format=custom", "--no-owner", "--file", str(path), *args],  # noqa: S607
            env=env, check=True,
        )  # fmt: skip


def test_an_old_unencrypted_backup_still_restores_with_a_warning(tmp_path, key_file, person):
    plain = tmp_path / "old.backup"
    _plain_backup(plain)
    _region_after_backup()
    out = _call("restore", str(plain), "--yes", "--key-file", str(key_file))
    assert "暗号化されていない古い形式" in out
    assert not Region.objects.filter(code="after").exists()


def test_no_plain_copy_is_left_behind(backup_file, key_file, settings):
    _call("restore", str(backup_file), "--yes", "--key-file", str(key_file))
    leftovers = [p for p in (settings.VAR_DIR / "tmp").glob("backup-*/*")]
    assert leftovers == []
    assert os.listdir(backup_file.parent) == [backup_file.name]


def test_attached_files_are_in_the_backup_and_come_back(tmp_path, key_file, settings, person):
    media = tmp_path / "media"
    settings.MEDIA_ROOT = media
    (media / "attachments" / "2026").mkdir(parents=True)
    (media / "attachments" / "2026" / "面談記録.pdf").write_bytes(b"%PDF kept")
    (media / "gone-later.txt").write_text("消される前の内容")
    path = tmp_path / "backups" / "tsunagu.backup"
    _call("backup", str(path), "--key-file", str(key_file))
    assert "消される前の内容".encode() not in path.read_bytes()

    (media / "gone-later.txt").unlink()
    (media / "added-later.txt").write_text("after")
    _call("restore", str(path), "--yes", "--key-file", str(key_file))
    assert sorted(p.relative_to(media).as_posix() for p in media.rglob("*") if p.is_file()) == [
        "attachments/2026/面談記録.pdf",
        "gone-later.txt",
    ]
    assert (media / "gone-later.txt").read_text() == "消される前の内容"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["backups", "keys", "media"]
