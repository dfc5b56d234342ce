"""`tsunagu demo`: load the 山武 demo region (idempotent).

The organizations are those named in the source lecture; the persons are fictional and
marked so. Every demo account shares one password and, where the role needs a second
factor, one authenticator secret so that a single authenticator entry serves them all."""

import base64
from datetime import date

from django.core.management.base import CommandParser
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from tsunagu.accounts.services import user_create
from tsunagu.core.access import needs_two_factor
from tsunagu.core.management.base import AuditedCommand
from tsunagu.core.models import Municipality, OrganizationKind, Region, User
from tsunagu.core.roles import Role
from tsunagu.core.services import organization_upsert, region_create
from tsunagu.portal.demo_records import demo_records_load

REGION_CODE = "sanbu"
REGION_NAME = "山武圏域"
MUNICIPALITIES = [
    ("12213", "東金市"),
    ("12237", "山武市"),
    ("12239", "大網白里市"),
    ("12403", "九十九里町"),
    ("12409", "芝山町"),
    ("12410", "横芝光町"),
]
DEMO_PASSWORD = "tsunagu-demo-2026"  # noqa: S105 — printed for the demo on purpose
# 20 bytes, the same for every demo device; shown base32-encoded for authenticator apps.
DEMO_OTP_KEY_HEX = "74737567616775646d6f6465766963656b657930"
DEMO_DEVICE_NAME = "デモ用認証アプリ"

CENTER = "山武郡市障がい者基幹相談支援センター"
NUKUMORI = "よろず相談センター ぬくもり"


def _org(name: str, kind: str, **fields: object) -> dict:
    """An organization row of the demo: every field present, empty unless given."""
    row = dict(
        name=name,
        kind=kind,
        short_name="",
        kana="",
        operator="",
        municipality=None,
        address="",
        phone="",
        note="",
    )
    row.update(fields)
    return row


ORGANIZATIONS = [
    _org(
        CENTER,
        OrganizationKind.CORE_CENTER,
        short_name="さんサポ",
        kana="さんぶぐんししょうがいしゃきかんそうだんしえんせんたー",
        operator="社会福祉法人ワナーホーム",
        municipality="12213",
        address="〒283-0066 千葉県東金市南上宿41-8",
        phone="0475-86-6474",
        note="月曜日～金曜日 8:30～17:15（祝日・年末年始を除く）\n"
        "緊急や虐待に関する相談・通報は時間外も受け付けます。",
    ),
    _org(
        "中核地域生活支援センター さんネット",
        OrganizationKind.OTHER,
        short_name="さんネット",
        kana="ちゅうかくちいきせいかつしえんせんたー さんねっと",
        operator="特定非営利活動法人リンク",
    ),
    _org(
        NUKUMORI,
        OrganizationKind.CONSULTATION,
        short_name="ぬくもり",
        kana="よろずそうだんせんたー ぬくもり",
        operator="特定非営利活動法人リンク",
    ),
    _org(
        "特定非営利活動法人リンク",
        OrganizationKind.NETWORK_MEMBER,
        short_name="リンク",
        kana="とくていひえいりかつどうほうじん りんく",
    ),
    _org(
        "山武健康福祉センター",
        OrganizationKind.GOVERNMENT,
        kana="さんぶけんこうふくしせんたー",
        operator="千葉県",
        municipality="12213",
        address="千葉県東金市東金907-1",
        note="協議会の研修会場（3階大会議室）",
    ),
    _org(
        "山武圏域自立支援協議会",
        OrganizationKind.COUNCIL,
        short_name="協議会",
        kana="さんぶけんいきじりつしえんきょうぎかい",
    ),
] + [
    _org(
        f"{name} 障害福祉担当課",
        OrganizationKind.GOVERNMENT,
        short_name=name,
        operator=name,
        municipality=code,
    )
    for code, name in MUNICIPALITIES
]

ACCOUNTS = [
    ("demo-admin", "管理 花子（デモ）", Role.ADMIN, CENTER, None),
    ("demo-center", "相談 一郎（デモ）", Role.CENTER_STAFF, CENTER, None),
    ("demo-provider", "事業 二郎（デモ）", Role.PROVIDER_STAFF, NUKUMORI, None),
    ("demo-secretariat", "事務 三恵（デモ）", Role.SECRETARIAT, "山武圏域自立支援協議会", None),
    ("demo-municipality", "市役 四郎（デモ）", Role.MUNICIPALITY, "東金市 障害福祉担当課", "12213"),
    ("demo-member", "会員 五月（デモ）", Role.MEMBER, "特定非営利活動法人リンク", None),
]

# Fictional persons: (family, given, family kana, given kana, birth date, municipality, assigned)
PERSONS = [
    ("東金", "太郎", "トウガネ", "タロウ", date(1985, 6, 12), "12213", [CENTER]),
    ("髙橋", "美咲", "タカハシ", "ミサキ", date(1999, 11, 3), "12237", [CENTER, NUKUMORI]),
    ("山﨑", "健一", "ヤマザキ", "ケンイチ", date(1962, 2, 28), "12239", [CENTER]),
    ("渡邊", "さくら", "ワタナベ", "サクラ", date(2008, 4, 1), "12403", [NUKUMORI]),
    ("九十九", "浜子", "ツクモ", "ハマコ", date(1948, 9, 15), "12403", [CENTER]),
    ("芝山", "翼", "シバヤマ", "ツバサ", date(2001, 7, 7), "12409", [NUKUMORI]),
    ("横芝", "光", "ヨコシバ", "ヒカル", date(1990, 1, 20), "12410", [CENTER]),
    ("大網", "白里", "オオアミ", "シラサト", date(1976, 5, 5), "12239", [CENTER]),
    ("成東", "みどり", "ナルトウ", "ミドリ", date(1955, 12, 24), "12237", [CENTER]),
    ("蓮沼", "大地", "ハスヌマ", "ダイチ", date(2012, 8, 30), "12237", [NUKUMORI]),
]


def demo_otp_secret() -> str:
    return base64.b32encode(bytes.fromhex(DEMO_OTP_KEY_HEX)).decode()


def demo_otp_code() -> str:
    return f"{TOTP(bytes.fromhex(DEMO_OTP_KEY_HEX)).token():06d}"


class Command(AuditedCommand):
    @property
    def help(self) -> str:  # type: ignore[override]  # translated when shown (argparse needs str)
        return _(
            "山武圏域のデモデータ（市町村・機関・役割ごとのデモアカウント・架空の利用者）を読み込みます。"
        )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--otp",
            action="store_true",
            help=_("デモアカウント用の現在の確認コードを表示して終了します。"),
        )
        parser.add_argument(
            "--quiet-logins", action="store_true", help=_("ログイン情報を表示しません。")
        )
        parser.add_argument(
            "--without-records",
            action="store_true",
            help=_("架空の利用者276人と相談記録を作りません（テスト用）。"),
        )

    def handle(self, *args, **options) -> None:
        if options["otp"]:
            self.stdout.write(demo_otp_code())
            return
        with transaction.atomic():
            region = self._region()
            self._organizations(region)
            from tsunagu.directory.demo import demo_directory_load

            demo_directory_load(region=region)
            self._accounts(region)
            made = 0 if options["without_records"] else self._persons(region)
            council = False if options["without_records"] else self._council(region)
            if not options["without_records"]:
                from tsunagu.safeguarding.demo import demo_safeguarding_load

                demo_safeguarding_load(region=region)
            from tsunagu.assessment.demo import demo_assessment_load
            from tsunagu.disaster.demo import demo_disaster_load
            from tsunagu.foodbank.demo import demo_foodbank_load
            from tsunagu.network.demo import demo_network_load

            with_records = not options["without_records"]
            demo_network_load(region=region, with_records=with_records)
            demo_disaster_load(region=region, with_records=with_records)
            demo_foodbank_load(region=region, with_records=with_records)
            demo_assessment_load(region=region, with_records=with_records)
            from tsunagu.community.demo import demo_community_load

            demo_community_load(region=region, with_records=with_records)
            from tsunagu.plans.demo import demo_plans_load
            from tsunagu.transition.demo import demo_transition_load

            demo_plans_load(region=region, with_records=with_records)
            demo_transition_load(region=region, with_records=with_records)
        self.stdout.write(
            self.style.SUCCESS(_("デモ圏域「%(name)s」を読み込みました。") % {"name": region.name})
        )
        if made:
            self.stdout.write(
                "  "
                + _(
                    "架空の利用者 %(count)d 人と相談記録を作成しました（令和4年度の実人数 276 人。市町村ごとの内訳は架空）。"
                )
                % {"count": made}
            )
        if council:
            self.stdout.write(
                "  " + _("架空のニーズ・地域課題・協議会の会議と提言書を作成しました。")
            )
        if not options["quiet_logins"]:
            self._print_logins()

    def _region(self) -> Region:
        region = Region.objects.filter(code=REGION_CODE).first()
        if region is None:
            region = region_create(
                actor="command:demo",
                code=REGION_CODE,
                name=REGION_NAME,
                municipalities=MUNICIPALITIES,
            )
        return region

    def _organizations(self, region: Region) -> None:
        municipalities = {m.code: m for m in Municipality.objects.filter(region=region)}
        for spec in ORGANIZATIONS:
            fields = dict(spec)
            name = fields.pop("name")
            code = fields.pop("municipality")
            fields["municipality"] = municipalities.get(code) if code else None
            organization_upsert(actor="command:demo", region=region, name=name, **fields)

    def _accounts(self, region: Region) -> None:
        organizations = {o.name: o for o in region.organizations.all()}
        municipalities = {m.code: m for m in Municipality.objects.filter(region=region)}
        for username, display, role, org_name, mcode in ACCOUNTS:
            user = User.objects.filter(username=username).first()
            if user is None:
                user = user_create(
                    actor="command:demo",
                    region=region,
                    username=username,
                    password=DEMO_PASSWORD,
                    role=role,
                    display_name=display,
                    email=f"{username}@example.invalid",
                    organization=organizations[org_name],
                    municipality=municipalities.get(mcode) if mcode else None,
                )
            if needs_two_factor(user):
                TOTPDevice.objects.update_or_create(
                    user=user,
                    name=DEMO_DEVICE_NAME,
                    defaults={"key": DEMO_OTP_KEY_HEX, "confirmed": True},
                )

    def _persons(self, region: Region) -> int:
        organizations = {o.name: o for o in region.organizations.all()}
        staff = list(User.objects.filter(region=region, role__in=[Role.CENTER_STAFF, Role.ADMIN]))
        return demo_records_load(
            region=region, named=PERSONS, staff=staff, organizations=organizations
        )

    def _council(self, region: Region) -> bool:
        from tsunagu.council.demo import demo_council_load

        return demo_council_load(region=region)

    def _print_logins(self) -> None:
        w = self.stdout.write
        w("")
        w(_("デモ用ログイン / demo logins  (http://127.0.0.1:8000/accounts/login/)"))
        w(
            "  "
            + _("パスワード / password: %(password)s  (全アカウント共通 / all accounts)")
            % {"password": DEMO_PASSWORD}
        )
        for username, _display, role, org_name, _code in ACCOUNTS:
            w(f"  {username:<20} {Role(role).label}（{org_name}）")
        w("")
        w(_("二要素認証 / two-factor login (管理者・センター相談員・事業所職員):"))
        w(
            "  "
            + _("認証アプリに次のキーを登録 / add this key to an authenticator app: %(key)s")
            % {"key": demo_otp_secret()}
        )
        w(
            "  "
            + _("または現在のコードを表示 / or print the current code:  %(command)s")
            % {"command": ".venv/bin/tsunagu demo --otp"}
        )
        w("")
