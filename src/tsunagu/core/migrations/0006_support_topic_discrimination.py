"""Add 障害を理由とする差別に関する相談 (差別解消) to every region's 支援内容, before その他.

Copied values on purpose: migrations never import app code."""

from django.db import migrations

CODE, LABEL, ALIASES = "discrimination", "障害を理由とする差別に関する相談", "差別解消、差別"


def add(apps, schema_editor):
    db = schema_editor.connection.alias  # the database being migrated (tsunagu dbmove)
    Region = apps.get_model("core", "Region")
    ListItem = apps.get_model("core", "ListItem")
    for region in Region.objects.using(db).all():
        items = ListItem.objects.using(db).filter(region=region, kind="support_topic")
        if items.filter(code=CODE).exists() or items.filter(label=LABEL).exists():
            continue
        other = items.filter(code="other").first()
        order = (other.sort_order - 5) if other else 1000
        ListItem.objects.using(db).create(region=region, kind="support_topic", code=CODE, label=LABEL,
                                aliases=ALIASES, sort_order=order)


def remove(apps, schema_editor):
    db = schema_editor.connection.alias  # the database being migrated (tsunagu dbmove)
    ListItem = apps.get_model("core", "ListItem")
    Consultation = apps.get_model("consultations", "Consultation")
    used = set(Consultation.topics.through.objects.using(db).values_list("listitem_id", flat=True))
    ListItem.objects.using(db).filter(kind="support_topic", code=CODE).exclude(pk__in=used).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0005_notifications"),
        ("consultations", "0001_initial"),
    ]

    operations = [migrations.RunPython(add, remove)]
