"""The audit log is append-only in the database itself, not only in the ORM.

SQLite: a trigger aborts any UPDATE. DELETE stays possible at the SQL level because Django's
flush (test databases, restore) deletes table by table on SQLite; the ORM refuses it.
PostgreSQL: a trigger function refuses UPDATE and DELETE row by row (TRUNCATE, used to wipe a
whole test database and by pg_restore --clean, is a different statement)."""

from django.db import migrations

SQLITE_UP = [
    """CREATE TRIGGER core_auditentry_no_update BEFORE UPDATE ON core_auditentry
       BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;""",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS core_auditentry_no_update;",
]
POSTGRES_UP = [
    """CREATE OR REPLACE FUNCTION core_auditentry_append_only() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION 'audit log is append-only'; END; $$ LANGUAGE plpgsql;""",
    """CREATE TRIGGER core_auditentry_append_only BEFORE UPDATE OR DELETE ON core_auditentry
       FOR EACH ROW EXECUTE FUNCTION core_auditentry_append_only();""",
]
POSTGRES_DOWN = [
    "DROP TRIGGER IF EXISTS core_auditentry_append_only ON core_auditentry;",
    "DROP FUNCTION IF EXISTS core_auditentry_append_only();",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_UP, "postgresql": POSTGRES_UP}),
            _run({"sqlite": SQLITE_DOWN, "postgresql": POSTGRES_DOWN}),
        ),
    ]
