"""The table checksums that backup verification and the database move compare: the order of
rows does not matter, any changed, added or removed row does, and values that mean the same
on SQLite and PostgreSQL give the same text."""

import datetime
import decimal
import sqlite3
import zoneinfo

from tsunagu.core.backup.digest import digests_of, mismatches, normalized_row


def _db(rows) -> sqlite3.Connection:
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE t (id integer, name text)")
    db.execute("CREATE TABLE other (x integer)")
    db.executemany("INSERT INTO t VALUES (?, ?)", rows)
    return db


def _digests(rows):
    return digests_of(_db(rows), ["t", "other"])


def test_row_order_does_not_matter():
    assert _digests([(1, "a"), (2, "b")]) == _digests([(2, "b"), (1, "a")])


def test_a_changed_added_or_removed_row_is_named():
    base = _digests([(1, "a"), (2, "b")])
    assert mismatches(base, _digests([(1, "a"), (2, "B")]))[0].startswith("t (checksum")
    assert mismatches(base, _digests([(1, "a")]))[0].startswith("t (2 → 1 rows")
    assert mismatches(base, _digests([(1, "a"), (2, "b"), (2, "b")]))[0].startswith("t (2 → 3")
    assert mismatches(base, base) == []


def test_duplicate_rows_do_not_cancel_out():
    assert _digests([(1, "a"), (1, "a")])["t"][1] != _digests([])["t"][1]


def test_a_missing_table_is_named():
    base = _digests([(1, "a")])
    assert mismatches(base, {"t": base["t"]}) == ["other (missing)"]


def test_values_normalize_the_same_whichever_database_gave_them():
    tokyo = zoneinfo.ZoneInfo("Asia/Tokyo")
    at_utc = datetime.datetime(2026, 12, 7, 3, 0, tzinfo=datetime.UTC)
    assert normalized_row([at_utc]) == normalized_row([at_utc.astimezone(tokyo)])
    assert normalized_row([decimal.Decimal("1.50")]) == normalized_row([decimal.Decimal("1.5")])
    assert normalized_row([{"b": 1, "a": [1, 2]}]) == normalized_row([{"a": [1, 2], "b": 1}])
    assert normalized_row([None]) != normalized_row([""])
    assert normalized_row([True]) != normalized_row([1])
