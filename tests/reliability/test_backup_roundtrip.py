"""Backup and restore round trip over every table: row counts and a content checksum per
table are the same after restoring as when the backup was made (SQLite here; PostgreSQL in
CI with DATABASE_URL=postgres://..., through pg_dump/pg_restore)."""

import hashlib
import io

import pytest
from django.core.management import call_command
from django.db import connection

from tsunagu.consultations.models import Consultation
from tsunagu.people.models import Person

pytestmark = pytest.mark.django_db(transaction=True)


def _tables() -> dict[str, tuple[int, str]]:
    """Every table: (row count, sha256 of its rows in primary-key order)."""
    found = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            quoted = connection.ops.quote_name(table)
            cursor.execute(f"SELECT * FROM {quoted}")  # noqa: S608 — names from introspection
            rows = sorted(repr(row) for row in cursor.fetchall())
            digest = hashlib.sha256("\n".join(rows).encode()).hexdigest()
            found[table] = (len(rows), digest)
    return found


def test_restore_gives_back_every_row_of_every_table(
    tmp_path, person, consultation, support_plan, issue, staff_service
):
    before = _tables()
    assert before["people_person"][0] >= 1 and before["consultations_consultation"][0] == 1
    assert sum(count for count, _digest in before.values()) > 100
    path = tmp_path / "tsunagu.backup"
    call_command("backup", str(path), stdout=io.StringIO())

    # Change the database after the backup: edits, a new region, new rows.
    Person.objects.filter(pk=person.pk).update(contact_note="バックアップの後の変更")
    Consultation.objects.filter(pk=consultation.pk).update(record="後から書き換え")
    call_command("region", "create", "extra", "追加圏域", "--municipalities", "12100:千葉市",
                 stdout=io.StringIO())  # fmt: skip
    changed = _tables()
    assert changed != before

    call_command("restore", str(path), "--yes", stdout=io.StringIO())
    after = _tables()
    assert {t: c for t, (c, _d) in after.items()} == {t: c for t, (c, _d) in before.items()}
    assert after == before  # row counts and content checksums, table by table
