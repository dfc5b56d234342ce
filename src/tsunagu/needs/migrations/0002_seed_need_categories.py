"""Give every existing region the default 課題分類 (new regions get them from region_create).

The list is copied here on purpose: migrations never import app code."""

from django.db import migrations

NEED_CATEGORIES = [
    ('housing', '住まい', '住居、住宅'),
    ('mobility', '移動・交通', '移動、交通'),
    ('daytime', '日中活動・居場所', '日中活動、居場所'),
    ('employment', '就労', '仕事'),
    ('emergency', '緊急時対応・短期入所', '緊急時対応、短期入所、緊急時の受け入れ'),
    ('future', '親亡き後・将来', '親亡き後、将来'),
    ('medical', '医療・通院', '医療、通院'),
    ('medical_care', '医療的ケア', ''),
    ('economy', '経済・食料', '経済、食料、生活費'),
    ('pension', '年金・制度手続', '年金、制度手続、手続'),
    ('rights', '権利擁護・成年後見', '権利擁護、成年後見'),
    ('communication', '情報保障・コミュニケーション', '情報保障、コミュニケーション'),
    ('workforce', '人材・サービス不足', '人材不足、サービス不足、ヘルパー不足'),
    ('disaster', '災害・避難', '災害、避難'),
    ('participation', 'ひきこもり・社会参加', 'ひきこもり、社会参加'),
    ('education', '教育・卒業後の進路', '教育、卒業後の進路、進路'),
    ('other', 'その他', ''),
]


def seed(apps, schema_editor):
    db = schema_editor.connection.alias  # the database being migrated (tsunagu dbmove)
    Region = apps.get_model("core", "Region")
    ListItem = apps.get_model("core", "ListItem")
    for region in Region.objects.using(db).all():
        existing = set(
            ListItem.objects.using(db).filter(region=region, kind="need_category").values_list("code", flat=True)
        )
        ListItem.objects.using(db).bulk_create(
            ListItem(region=region, kind="need_category", code=code, label=label, aliases=aliases,
                     sort_order=(i + 1) * 10)
            for i, (code, label, aliases) in enumerate(NEED_CATEGORIES)
            if code not in existing
        )


def unseed(apps, schema_editor):
    db = schema_editor.connection.alias  # the database being migrated (tsunagu dbmove)
    ListItem = apps.get_model("core", "ListItem")
    Need = apps.get_model("needs", "Need")
    used = set(Need.objects.using(db).values_list("category_id", flat=True))
    ListItem.objects.using(db).filter(kind="need_category").exclude(pk__in=used).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("needs", "0001_needs"),
        ("core", "0004_need_category_list"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
