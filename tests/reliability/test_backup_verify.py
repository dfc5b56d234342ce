"""`tsunagu backup --verify`: the new backup is restored into a scratch database (a temporary
SQLite file, or a PostgreSQL database created for it and dropped) and every table's row count
and checksum match the snapshot the backup was made from; nothing of the scratch stays."""

import io

import pytest
from django.core.management import call_command
from django.db import connection

pytestmark = pytest.mark.django_db(transaction=True)


def _databases() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT datname FROM pg_database")
        return {row[0] for row in cursor.fetchall()}


def test_verify_restores_into_a_scratch_database_and_compares_every_table(
    tmp_path, settings, person, consultation, support_plan, issue
):
    before = _databases() if connection.vendor == "postgresql" else set()
    out = io.StringIO()
    call_command("backup", "--dir", str(tmp_path / "backups"), "--verify",
                 "--key-file", str(tmp_path / "backup_key"), stdout=out)  # fmt: skip
    text = out.getvalue()
    assert "[2/2] バックアップを検証しています" in text
    with connection.cursor() as cursor:
        tables = [t for t in connection.introspection.table_names(cursor) if t != "sqlite_sequence"]
    assert f"一致しました: {len(tables)} テーブル" in text
    if connection.vendor == "postgresql":
        assert _databases() == before  # the scratch database was dropped
        assert "WAL アーカイブが無効です" in text  # CI's server does not archive WAL
    else:
        assert "WAL" not in text
    assert not list((settings.VAR_DIR / "tmp").glob("backup-*/*"))
