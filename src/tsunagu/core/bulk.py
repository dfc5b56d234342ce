"""Bulk reads and writes for imports, in one statement where the database allows: a lookup of
every key of a file at once, primary keys taken before the rows are written, and the write
itself by COPY on PostgreSQL or executemany in batches on SQLite. Always inside the caller's
transaction, so an import stays all or nothing (issue 25)."""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connection
from django.db.models import Model

BATCH = 5000  # rows per executemany (SQLite)


def in_all(column: str, values: list[str]) -> tuple[str, list[Any]]:
    """SQL for ``column`` IN every one of ``values`` with one parameter, whatever their number:
    an array on PostgreSQL, a JSON array read by json_each on SQLite (instead of one statement
    per 500 values: 200 statements for a 100k-row file)."""
    quoted = connection.ops.quote_name(column)
    if connection.vendor == "postgresql":
        return f"{quoted} = ANY(%s)", [values]
    return f"{quoted} IN (SELECT value FROM json_each(%s))", [json.dumps(values)]  # noqa: S608


def select_rows(sql: str, params: list[Any]) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def reserve_ids(model: type[Model], count: int) -> list[int]:
    """``count`` primary keys for new rows of ``model``, taken inside the caller's transaction.

    PostgreSQL: from the table's own sequence, as an INSERT would (safe with writers at the same
    time). SQLite: after the largest id ever given (the AUTOINCREMENT counter, or the largest
    row if higher); the transaction holds the write lock from its start (transaction_mode
    IMMEDIATE), so nobody else can take them, and SQLite moves the counter on as they are
    written."""
    table, pk = model._meta.db_table, model._meta.pk.column
    quote = connection.ops.quote_name
    if connection.vendor == "postgresql":
        rows = select_rows(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [quote(table), pk, count],
        )
        return [pk for (pk,) in rows]
    ((last,),) = select_rows(
        f"SELECT MAX(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = %s), 0), "  # noqa: S608 - names from the model
        f"COALESCE((SELECT MAX({quote(pk)}) FROM {quote(table)}), 0))",
        [table],
    )
    return list(range(last + 1, last + 1 + count))


SQLITE_IMPORT_CACHE_KB = 128 * 1024  # page cache while writing; SQLite's default is 2 MB


def bulk_write(table: str, columns: list[str], rows: Iterable[Sequence[Any]]) -> None:
    """Write ``rows`` into ``table``: COPY on PostgreSQL, executemany in batches on SQLite."""
    quote = connection.ops.quote_name
    names = ", ".join(quote(c) for c in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with connection.wrap_database_errors:
                with cursor.cursor.copy(f"COPY {quote(table)} ({names}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            return
        # A large page cache keeps the indexes of the rows being written in memory instead of
        # spilling them to the file in the middle of the transaction; set back afterwards.
        cursor.execute("PRAGMA cache_size")
        (previous,) = cursor.fetchone()
        cursor.execute(f"PRAGMA cache_size = -{SQLITE_IMPORT_CACHE_KB}")
        try:
            marks = ", ".join(["%s"] * len(columns))
            sql = f"INSERT INTO {quote(table)} ({names}) VALUES ({marks})"  # noqa: S608 - names from the model
            batch = iter(rows)
            while chunk := list(itertools.islice(batch, BATCH)):
                cursor.executemany(sql, chunk)
        finally:
            cursor.execute(f"PRAGMA cache_size = {int(previous)}")
