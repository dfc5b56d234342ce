"""SQLite: the audit log refuses DELETE at the SQL level too (PostgreSQL already does, 0002).

Django's flush needs to empty the table between tests; tsunagu's SQLite backend
(tsunagu.core.sqlite) lifts the trigger for exactly that and restores it."""

from django.db import migrations

from tsunagu.core.sqlite.base import CREATE_TRIGGER, TRIGGER


def _up(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(CREATE_TRIGGER)


def _down(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {TRIGGER}")


class Migration(migrations.Migration):
    dependencies = [("core", "0007_outbox_mail")]

    operations = [migrations.RunPython(_up, _down)]
