"""Issue 18's migrations on data recorded before them: consultations get their person's
市町村, their staff member's organization and 一般相談; the lists get 相談の種類 and the national
label; and everything goes back."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("core", "0008_audit_no_delete_on_sqlite"), ("consultations", "0002_lock_version")]
AFTER = [
    ("core", "0010_national_categories_and_consultation_kinds"),
    ("consultations", "0004_backfill_kind_municipality_organization"),
]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_backfill_forward_and_back(region, center_staff, center_org, person):
    from tests.consultations.fixtures import item

    from tsunagu.consultations.services import consultation_record
    from tsunagu.core.models import ListKind

    common = {
        "actor": "test",
        "region": region,
        "method": item(region, ListKind.CONTACT_METHOD, "phone"),
        "caller_type": item(region, ListKind.CALLER_TYPE, "self"),
        "topics": [item(region, ListKind.SUPPORT_TOPIC, "health")],
        "audit": False,
    }
    from datetime import datetime

    from tsunagu.core import dates

    when = datetime(2022, 6, 1, 10, tzinfo=dates.TOKYO)
    with_staff = consultation_record(occurred_at=when, person=person, staff=center_staff, **common)
    anonymous = consultation_record(occurred_at=when, **common)
    try:
        old = _migrate(BEFORE)
        Consultation = old.get_model("consultations", "Consultation")
        ListItem = old.get_model("core", "ListItem")
        assert not ListItem.objects.filter(kind="consultation_kind").exists()
        ListItem.objects.filter(kind="support_topic", code="understanding").update(
            label="障害や症状の理解に関する支援", aliases="障害理解"
        )
        assert Consultation.objects.count() == 2

        new = _migrate(AFTER)
        Consultation = new.get_model("consultations", "Consultation")
        ListItem = new.get_model("core", "ListItem")
        filled = Consultation.objects.get(pk=with_staff.pk)
        assert filled.municipality_id == person.municipality_id
        assert filled.organization_id == center_org.pk
        assert ListItem.objects.get(pk=filled.kind_id).code == "general"
        bare = Consultation.objects.get(pk=anonymous.pk)
        assert (bare.municipality_id, bare.organization_id) == (None, None)
        understanding = ListItem.objects.get(region_id=region.pk, code="understanding")
        assert understanding.label == "障害や病状の理解に関する支援"
        assert "障害や症状の理解に関する支援" in understanding.aliases
        assert ListItem.objects.get(region_id=region.pk, code="fax").national_code == "other"

        old = _migrate(BEFORE)
        ListItem = old.get_model("core", "ListItem")
        understanding = ListItem.objects.get(region_id=region.pk, code="understanding")
        assert understanding.label == "障害や症状の理解に関する支援"
        assert not ListItem.objects.filter(kind="consultation_kind").exists()
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
