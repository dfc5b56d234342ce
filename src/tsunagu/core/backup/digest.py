"""Row counts and order-independent checksums of tables, to compare two databases.

A table's checksum is the sum, modulo 2**256, of the SHA-256 of each of its rows: the order
rows come back in does not matter, and (unlike XOR) two identical rows do not cancel out.
Rows are read in batches, so a large table is never held in memory.

``digests_of`` reads raw rows (same database engine on both sides: a backup and its restore).
``normalized_row`` turns the Python values Django gives for a model's fields into text that is
the same on SQLite and PostgreSQL (the move between them, ``core.backup.move``)."""

import datetime
import decimal
import hashlib
import json
import uuid
from collections.abc import Callable, Iterable

TableDigests = dict[str, tuple[int, str]]
_MODULUS = 2**256
BATCH = 2000


def quote_sqlite(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def quote_pg(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


class Accumulator:
    """The running count and checksum of one table."""

    def __init__(self) -> None:
        self.count = 0
        self.total = 0

    def add(self, text: str) -> None:
        digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest()
        self.total = (self.total + int.from_bytes(digest, "big")) % _MODULUS
        self.count += 1

    def result(self) -> tuple[int, str]:
        return self.count, f"{self.total:064x}"


def digests_of(
    db, tables: Iterable[str], quote: Callable[[str], str] = quote_sqlite
) -> TableDigests:
    """Count and checksum of each table, read through a DB-API connection ``db``."""
    found = {}
    for table in tables:
        cursor = db.cursor()
        try:
            cursor.execute(f"SELECT * FROM {quote(table)}")  # noqa: S608 — introspected names
            accumulator = Accumulator()
            while rows := cursor.fetchmany(BATCH):
                for row in rows:
                    accumulator.add(repr(tuple(row)))
        finally:
            cursor.close()
        found[table] = accumulator.result()
    return found


def mismatches(expected: TableDigests, found: TableDigests) -> list[str]:
    """Tables whose count or checksum differ, or that are on one side only (described)."""
    wrong = []
    for table in sorted(set(expected) | set(found)):
        if table not in found:
            wrong.append(f"{table} (missing)")
        elif table not in expected:
            wrong.append(f"{table} (extra)")
        elif expected[table] != found[table]:
            (count_a, sum_a), (count_b, sum_b) = expected[table], found[table]
            detail = f"{count_a} → {count_b} rows" if count_a != count_b else "checksum"
            wrong.append(f"{table} ({detail}; {sum_a[:12]} → {sum_b[:12]})")
    return wrong


def normalized_value(value: object) -> str:
    """One field's value as text that does not depend on the database engine."""
    if value is None:
        return "\x00"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(datetime.UTC)
        return value.isoformat()
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value.normalize()) if value.is_finite() else str(value)
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, dict | list):
        return json.dumps(value, sort_keys=True, ensure_ascii=False)
    if isinstance(value, bytes | memoryview | bytearray):
        return bytes(value).hex()
    if isinstance(value, uuid.UUID):
        return str(value)
    return str(value)


def normalized_row(values: Iterable[object]) -> str:
    return "\x1f".join(normalized_value(value) for value in values)
