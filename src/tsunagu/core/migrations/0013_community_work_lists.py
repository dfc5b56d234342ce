"""The lists of 地域支援 (issue 19): the five methods and ten functions of コミュニティソーシャル
ワーク, given to every existing region (new regions get them from core.lists).

Copied values on purpose: migrations never import app code."""

from django.db import migrations, models

METHODS = [
    ("network", "地域ネットワーク作り", "ネットワーク作り"),
    ("resource_development", "社会資源開発", "資源開発"),
    ("welfare_education", "福祉教育", ""),
    ("human_resources", "人材発掘・養成", "人材発掘、人材養成"),
    ("organizing", "地域組織化", ""),
]
FUNCTIONS = [
    ("needs_finding", "ニーズ把握", "ニーズ把握機能"),
    ("assessment", "アセスメント", "アセスメント機能"),
    ("counselling", "相談助言・制度活用支援", "相談助言、制度活用支援"),
    ("informal_support", "インフォーマルなサポート関係の維持・回復・開発", "インフォーマルサポート"),
    ("life_planning", "地域生活支援計画作成・実施・モニタリング", "地域生活支援計画"),
    ("organizing", "地域組織化（当事者組織化・住民活動組織化）", "地域組織化"),
    ("needs_sharing", "ニーズ共有・福祉教育", "ニーズ共有、福祉教育"),
    ("support_network", "ソーシャルサポートネットワーク形成・調整", "ソーシャルサポートネットワーク"),
    ("service_development", "ニーズ対応・サービス開発", "サービス開発"),
    ("administration", "アドミニストレーション", ""),
]
LISTS = {"community_method": METHODS, "community_function": FUNCTIONS}


def add(apps, schema_editor):
    db = schema_editor.connection.alias  # the database being migrated (tsunagu dbmove)
    Region = apps.get_model("core", "Region")
    ListItem = apps.get_model("core", "ListItem")
    for region in Region.objects.using(db).all():
        for kind, items in LISTS.items():
            existing = ListItem.objects.using(db).filter(region=region, kind=kind)
            codes = set(existing.values_list("code", flat=True))
            labels = set(existing.values_list("label", flat=True))
            for i, (code, label, aliases) in enumerate(items):
                if code in codes or label in labels:
                    continue
                ListItem.objects.using(db).create(region=region, kind=kind, code=code, label=label,
                                        aliases=aliases, sort_order=(i + 1) * 10)


def remove(apps, schema_editor):
    db = schema_editor.connection.alias  # the database being migrated (tsunagu dbmove)
    ListItem = apps.get_model("core", "ListItem")
    ListItem.objects.using(db).filter(kind__in=list(LISTS)).delete()


class Migration(migrations.Migration):
    dependencies = [("core", "0012_audit_entry_detail")]

    operations = [
        migrations.AlterField(
            model_name="listitem",
            name="kind",
            field=models.CharField(
                choices=[
                    ("contact_method", "相談方法"),
                    ("caller_type", "相談者"),
                    ("disability_type", "障害種別"),
                    ("support_topic", "支援内容"),
                    ("need_category", "課題分類"),
                    ("consultation_kind", "相談の種類"),
                    ("community_method", "地域支援の方法"),
                    ("community_function", "地域支援の機能"),
                ],
                max_length=30,
                verbose_name="一覧",
            ),
        ),
        migrations.RunPython(add, remove),
    ]
