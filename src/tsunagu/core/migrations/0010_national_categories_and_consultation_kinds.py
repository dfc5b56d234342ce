"""Issue 18: every region gets the 相談の種類 list; default items get their national category
(FAX → その他, オンライン → 電話, 差別 → その他); 支援内容 「障害や症状の…」 becomes the national
survey's 「障害や病状の理解に関する支援」, the old label kept as an alias.

Copied values on purpose: migrations never import app code. Items an administrator changed
(a label that is no longer the default one, a national code already set) are left alone."""

from django.db import migrations

KINDS = [
    ("general", "一般相談（基本相談支援）", "一般相談、基本相談、基本相談支援"),
    ("plan", "計画相談支援", "計画相談"),
    ("child_plan", "障害児相談支援", "障害児相談"),
    ("transition", "地域移行支援", "地域移行"),
    ("settlement", "地域定着支援", "地域定着"),
    ("other", "その他", ""),
]
NATIONAL = {("contact_method", "fax"): "other", ("contact_method", "online"): "phone",
            ("support_topic", "discrimination"): "other"}
OLD_LABEL, NEW_LABEL = "障害や症状の理解に関する支援", "障害や病状の理解に関する支援"
OLD_ALIASES, NEW_ALIASES = "障害理解", "障害や症状の理解に関する支援、障害理解"


def forward(apps, schema_editor):
    db = schema_editor.connection.alias  # the database being migrated (tsunagu dbmove)
    Region = apps.get_model("core", "Region")
    ListItem = apps.get_model("core", "ListItem")
    for region in Region.objects.using(db).all():
        have = set(
            ListItem.objects.using(db).filter(region=region, kind="consultation_kind")
            .values_list("code", flat=True)
        )
        ListItem.objects.using(db).bulk_create([
            ListItem(region=region, kind="consultation_kind", code=code, label=label,
                     aliases=aliases, sort_order=(i + 1) * 10)
            for i, (code, label, aliases) in enumerate(KINDS) if code not in have
        ])  # fmt: skip
        topics = ListItem.objects.using(db).filter(region=region, kind="support_topic")
        if not topics.filter(label=NEW_LABEL).exists():
            topics.filter(code="understanding", label=OLD_LABEL).update(label=NEW_LABEL)
        topics.filter(code="understanding", aliases=OLD_ALIASES).update(aliases=NEW_ALIASES)
    for (kind, code), national in NATIONAL.items():
        ListItem.objects.using(db).filter(kind=kind, code=code, national_code="").update(
            national_code=national
        )


def backward(apps, schema_editor):
    db = schema_editor.connection.alias  # the database being migrated (tsunagu dbmove)
    ListItem = apps.get_model("core", "ListItem")
    ListItem.objects.using(db).filter(kind="consultation_kind").delete()
    topics = ListItem.objects.using(db).filter(kind="support_topic", code="understanding")
    topics.filter(label=NEW_LABEL).update(label=OLD_LABEL)
    topics.filter(aliases=NEW_ALIASES).update(aliases=OLD_ALIASES)
    for (kind, code), national in NATIONAL.items():
        ListItem.objects.using(db).filter(kind=kind, code=code, national_code=national).update(
            national_code=""
        )


class Migration(migrations.Migration):
    dependencies = [("core", "0009_listitem_national_code_consultation_kind")]

    operations = [migrations.RunPython(forward, backward)]
