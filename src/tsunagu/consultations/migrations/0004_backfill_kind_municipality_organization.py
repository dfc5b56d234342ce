"""Issue 18: fill in what consultations recorded before now did not keep.

- 市町村: the person's current 市町村 (the best there is for the past; from now on it is
  kept when a consultation is recorded). Anonymous consultations stay without one.
- 記録した機関: the recording staff member's organization, where a staff member is recorded.
- 相談の種類: 一般相談 (the region's item with code "general").

Only empty fields are filled, so running it again changes nothing. Reversing empties the
相談の種類 (its column goes away with the previous migration anyway) and leaves the rest: a
filled-in 市町村 or organization is true whichever way the migrations go.
Copied values on purpose: migrations never import app code."""

from django.db import migrations
from django.db.models import OuterRef, Subquery


def forward(apps, schema_editor):
    db = schema_editor.connection.alias  # the database being migrated (tsunagu dbmove)
    Consultation = apps.get_model("consultations", "Consultation")
    Person = apps.get_model("people", "Person")
    User = apps.get_model("core", "User")
    ListItem = apps.get_model("core", "ListItem")
    Consultation.objects.using(db).filter(municipality__isnull=True, person__isnull=False).update(
        municipality=Subquery(
            Person.objects.using(db).filter(pk=OuterRef("person_id")).values("municipality_id")[:1]
        )
    )
    Consultation.objects.using(db).filter(organization__isnull=True, staff__isnull=False).update(
        organization=Subquery(
            User.objects.using(db).filter(pk=OuterRef("staff_id")).values("organization_id")[:1]
        )
    )
    Consultation.objects.using(db).filter(kind__isnull=True).update(
        kind=Subquery(
            ListItem.objects.using(db).filter(
                region_id=OuterRef("region_id"), kind="consultation_kind", code="general"
            ).values("pk")[:1]
        )
    )


def backward(apps, schema_editor):
    db = schema_editor.connection.alias  # the database being migrated (tsunagu dbmove)
    Consultation = apps.get_model("consultations", "Consultation")
    Consultation.objects.using(db).update(kind=None)


class Migration(migrations.Migration):
    dependencies = [
        ("consultations", "0003_consultation_kind_municipality"),
        ("people", "0005_lock_version"),
    ]

    operations = [migrations.RunPython(forward, backward)]
