"""Django's SQLite backend, with one difference: the audit log refuses DELETE in SQL too.

Migration core 0008 adds a trigger that aborts any DELETE on core_auditentry. Django's flush
(used between TransactionTestCase tests and by `manage.py flush`) empties SQLite tables with
plain DELETE statements — so here, and only here, the flush drops the trigger, deletes, and
creates it again in the same transaction. Anything else that deletes an audit entry fails,
as it does on PostgreSQL."""

from django.db.backends.sqlite3 import base, operations

TRIGGER = "core_auditentry_no_delete"
CREATE_TRIGGER = (
    f"CREATE TRIGGER {TRIGGER} BEFORE DELETE ON core_auditentry "
    "BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END"
)


class DatabaseOperations(operations.DatabaseOperations):
    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        statements = super().sql_flush(
            style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade
        )
        if "core_auditentry" not in tables:
            return statements
        return [f"DROP TRIGGER IF EXISTS {TRIGGER}", *statements, CREATE_TRIGGER]


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations
