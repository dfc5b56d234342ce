"""Directory entries of the 山武 demo (``demo_directory_load``, idempotent).

Two kinds of entries:

- the organizations named in the seed lecture that serve residents (さんサポ, さんネット,
  ぬくもり, NPO法人リンク's ちいき食堂・フードバンク「ほのん」, 山武健康福祉センター), with only
  what the seed and the demo's organizations say (address, phone, hours where known), linked
  to the demo's core organizations so that their accounts may propose changes;
- fictional ホッとステーション, two in each of the six municipalities: real town names and
  postal codes, invented businesses, coordinates near the town centre. Each says
  「架空の事業所（デモ）」 in its description, and has no phone number.

Entries are written through the same mapping as the staff form
(``staff_forms.document_from_forms``) and ``service_create``; an entry whose id exists is
left alone, so running it again changes nothing."""

import calendar
import uuid
from dataclasses import dataclass, field
from datetime import date, time, timedelta
from typing import Any

from tsunagu.core.dates import today_local
from tsunagu.core.models import Municipality, Organization, Region
from tsunagu.directory.hsds.services import organization_import, service_create
from tsunagu.directory.models import ResourceOrganization, Service, TaxonomyTerm
from tsunagu.directory.staff_documents import document_from_forms
from tsunagu.directory.staff_services import organization_member_set
from tsunagu.directory.taxonomy import taxonomy_seed, term_uuid

ACTOR = "command:demo"
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:tsunagu:directory:demo")
FICTIONAL = "架空の事業所（デモ）。"

WEEKDAYS = ["MO", "TU", "WE", "TH", "FR"]
EVERY_DAY = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


@dataclass(frozen=True)
class Hours:
    days: list[str]
    opens: str
    closes: str
    holidays: bool = False  # open on national holidays and at the New Year too
    season: tuple[int, int] | None = None  # (first month, last month) of this year


@dataclass(frozen=True)
class Entry:
    name: str
    kana: str
    description: str
    terms: list[str]
    municipality: str = ""  # official code
    postal_code: str = ""
    address_1: str = ""
    address_2: str = ""
    point: tuple[float, float] | None = None
    phone: str = ""
    fax: str = ""
    hours: list[Hours] = field(default_factory=list)
    hot_station: bool = False
    offerings: list[str] = field(default_factory=list)
    wheelchair: bool = False
    parking: bool = False
    public_transport: bool = False
    assured_days_ago: int | None = 30  # None: never confirmed (shows in the review list)


@dataclass(frozen=True)
class Operator:
    name: str
    kana: str
    description: str
    member: str = ""  # name of the demo's core organization that may propose changes
    entries: list[Entry] = field(default_factory=list)


# Town centres (the brief of the demo): 東金 35.56,140.37; 山武 35.60,140.41; 大網白里
# 35.52,140.32; 九十九里 35.53,140.44; 芝山 35.69,140.41; 横芝光 35.67,140.50.

SEED_OPERATORS = [
    Operator(
        "山武郡市障がい者基幹相談支援センター",
        "さんぶぐんししょうがいしゃきかんそうだんしえんせんたー",
        "愛称 さんサポ。運営：社会福祉法人ワナーホーム。",
        member="山武郡市障がい者基幹相談支援センター",
        entries=[
            Entry(
                "障がいのある人と家族の総合相談（さんサポ）",
                "しょうがいのあるひととかぞくのそうごうそうだん さんさぽ",
                "障がいのある人とその家族、支援者からの相談を受け付けます。"
                "緊急や虐待に関する相談・通報は時間外も受け付けます。",
                ["svc-consultation", "kind-health-welfare"],
                municipality="12213",
                postal_code="283-0066",
                address_1="南上宿41-8",
                point=(35.5622, 140.3689),
                phone="0475-86-6474",
                hours=[Hours(WEEKDAYS, "08:30", "17:15")],
                parking=True,
                assured_days_ago=20,
            )
        ],
    ),
    Operator(
        "中核地域生活支援センター さんネット",
        "ちゅうかくちいきせいかつしえんせんたー さんねっと",
        "運営：特定非営利活動法人リンク。",
        member="中核地域生活支援センター さんネット",
        entries=[
            Entry(
                "福祉の総合相談（さんネット）",
                "ふくしのそうごうそうだん さんねっと",
                "子ども、障がいのある人、高齢者など、対象を問わず暮らしの困り事の相談に応じます。"
                "所在地と開所時間はデモでは登録していません。",
                ["svc-consultation", "kind-npo"],
                assured_days_ago=None,
            )
        ],
    ),
    Operator(
        "よろず相談センター ぬくもり",
        "よろずそうだんせんたー ぬくもり",
        "運営：特定非営利活動法人リンク。",
        member="よろず相談センター ぬくもり",
        entries=[
            Entry(
                "よろず相談・計画相談（ぬくもり）",
                "よろずそうだん けいかくそうだん ぬくもり",
                "暮らしの困り事の相談と、障害福祉サービスを使うための計画相談支援。"
                "所在地と開所時間はデモでは登録していません。",
                ["svc-consultation", "dw-plan-consultation", "kind-npo"],
                assured_days_ago=400,
            )
        ],
    ),
    Operator(
        "特定非営利活動法人リンク",
        "とくていひえいりかつどうほうじん りんく",
        "ホッとステーション事業の事務局。ちいき食堂・フードバンク「ほのん」を運営。",
        member="特定非営利活動法人リンク",
        entries=[
            Entry(
                "ちいき食堂「ほのん」",
                "ちいきしょくどう ほのん",
                "食を通じて地域の方と交流し、孤独や孤食の解消を図ります。地域行事や高校・大学、"
                "ホッとステーションフェスタなどで開きます。気軽に困り事も話せます。"
                "開催日は事務局にお問い合わせください。",
                ["svc-kodomo-shokudo", "kind-npo"],
                assured_days_ago=45,
            ),
            Entry(
                "フードバンク・物資支援活動「ほのん」",
                "ふーどばんく ぶっししえんかつどう ほのん",
                "食品や生活用品の支援を通じて、暮らしの相談につなげます。フードパントリーの開催、"
                "家電バンク（家電の提供）も行います。",
                ["svc-food-bank", "kind-npo"],
                assured_days_ago=45,
            ),
        ],
    ),
    Operator(
        "山武健康福祉センター",
        "さんぶけんこうふくしせんたー",
        "千葉県の機関（保健所）。",
        member="山武健康福祉センター",
        entries=[
            Entry(
                "山武健康福祉センター（保健所）",
                "さんぶけんこうふくしせんたー ほけんじょ",
                "千葉県の健康福祉センター（保健所）。こころの健康や難病などの相談を受け付けます。"
                "自立支援協議会の研修会場（3階大会議室）でもあります。",
                ["svc-consultation", "kind-government"],
                municipality="12213",
                postal_code="283-0802",
                address_1="東金907-1",
                point=(35.5588, 140.3652),
                assured_days_ago=200,
            )
        ],
    ),
]


def _hot(
    name: str,
    kana: str,
    what: str,
    municipality: str,
    postal_code: str,
    address_1: str,
    point: tuple[float, float],
    hours: list[Hours],
    offerings: list[str],
    kind: str,
    **flags: Any,
) -> Operator:
    """A fictional business offering its place as a ホッとステーション."""
    return Operator(
        name,
        kana,
        FICTIONAL,
        entries=[
            Entry(
                f"ホッとステーション {name}",
                f"ほっとすてーしょん {kana}",
                FICTIONAL + what,
                ["svc-ibasho", kind],
                municipality=municipality,
                postal_code=postal_code,
                address_1=address_1,
                point=point,
                hours=hours,
                hot_station=True,
                offerings=offerings,
                **flags,
            )
        ],
    )


HOT_STATIONS = [
    # 東金市
    _hot(
        "カフェ ひだまり",
        "かふぇ ひだまり",
        "窓際の席で、注文しなくてもひと休みできます。店主が困り事の相談にのります。",
        "12213",
        "283-0068",
        "東岩崎2-15",
        (35.5641, 140.3733),
        [Hours(["TU", "WE", "TH", "FR", "SA"], "10:00", "17:00")],
        ["ibasho", "consultation"],
        "kind-business",
        wheelchair=True,
        parking=True,
        public_transport=True,
    ),
    _hot(
        "こむぎの木ベーカリー",
        "こむぎのきべーかりー",
        "イートインの一角を居場所として開放しています。パンづくりの体験ボランティアも受け入れます。",
        "12213",
        "283-0802",
        "東金1520-3",
        (35.5569, 140.3618),
        [Hours(["MO", "TU", "WE", "TH", "FR", "SA"], "08:00", "18:00", holidays=True)],
        ["ibasho", "training"],
        "kind-business",
        parking=True,
        public_transport=True,
        assured_days_ago=500,
    ),
    # 山武市
    _hot(
        "成東ふれあいサロン",
        "なるとうふれあいさろん",
        "地区のコミュニティ会館の和室。お茶を飲みながら過ごせます。運営は地区のボランティアグループ。",
        "12237",
        "289-1326",
        "成東2440",
        (35.6012, 140.4077),
        [Hours(["MO", "WE", "FR"], "13:00", "16:00")],
        ["ibasho", "training"],
        "kind-volunteer-group",
        wheelchair=True,
        parking=True,
    ),
    _hot(
        "ひまわり商店",
        "ひまわりしょうてん",
        "店先のベンチと奥の休憩スペースで、買い物のついでにひと休みできます。",
        "12237",
        "289-1514",
        "松尾町松尾210",
        (35.6128, 140.4381),
        [Hours(["MO", "TU", "WE", "TH", "FR", "SA"], "09:00", "19:00")],
        ["ibasho"],
        "kind-business",
        parking=True,
        assured_days_ago=None,
    ),
    # 大網白里市
    _hot(
        "やすらぎ庵",
        "やすらぎあん",
        "お寺の本堂を週末に開放しています。住職が話を聞きます。",
        "12239",
        "299-3251",
        "大網3105",
        (35.5231, 140.3244),
        [Hours(["SA", "SU"], "10:00", "15:00", holidays=True)],
        ["ibasho", "consultation"],
        "kind-community",
        parking=True,
    ),
    _hot(
        "みどりが丘ドラッグ",
        "みどりがおかどらっぐ",
        "夏の間だけ、店内の休憩コーナーをクールステーションとして開放します。水分補給ができます。",
        "12239",
        "299-3255",
        "みどりが丘2-8-1",
        (35.5162, 140.3131),
        [Hours(EVERY_DAY, "10:00", "18:00", holidays=True, season=(7, 9))],
        ["cool"],
        "kind-business",
        wheelchair=True,
        parking=True,
        public_transport=True,
    ),
    # 九十九里町
    _hot(
        "浜の食堂 いわし亭",
        "はまのしょくどう いわしてい",
        "昼の営業時間は、食事をしなくても座敷で休めます。",
        "12403",
        "283-0104",
        "片貝4010",
        (35.5338, 140.4452),
        [Hours(["MO", "TU", "TH", "FR", "SA", "SU"], "11:00", "15:00")],
        ["ibasho"],
        "kind-business",
        parking=True,
        assured_days_ago=420,
    ),
    _hot(
        "作田ふれあい交流室",
        "さくだふれあいこうりゅうしつ",
        "地区集会所の交流室。民生委員が当番で詰めていて、困り事の相談ができます。",
        "12403",
        "283-0101",
        "作田1330",
        (35.5419, 140.4363),
        [Hours(["TU", "TH"], "10:00", "15:00")],
        ["ibasho", "consultation"],
        "kind-community",
        wheelchair=True,
    ),
    # 芝山町
    _hot(
        "はにわの里直売所",
        "はにわのさとちょくばいしょ",
        "農産物直売所の休憩所。袋詰めや陳列のボランティア・就労体験を受け入れます。",
        "12409",
        "289-1619",
        "芝山298",
        (35.6921, 140.4162),
        [Hours(EVERY_DAY, "09:00", "17:00", holidays=True)],
        ["ibasho", "training"],
        "kind-business",
        wheelchair=True,
        parking=True,
    ),
    _hot(
        "手づくり工房 ことり",
        "てづくりこうぼう ことり",
        "手芸や木工の作業場。作品づくりのボランティアに参加できます。",
        "12409",
        "289-1624",
        "小池870",
        (35.6853, 140.4037),
        [Hours(["WE", "SA"], "10:00", "16:00")],
        ["training"],
        "kind-volunteer-group",
        parking=True,
        assured_days_ago=None,
    ),
    # 横芝光町
    _hot(
        "まちの本屋 ページ",
        "まちのほんや ぺーじ",
        "店内の読書スペースで過ごせます。駅から歩いて行けます。",
        "12410",
        "289-1732",
        "横芝1255",
        (35.6668, 140.4921),
        [Hours(["MO", "TU", "WE", "TH", "FR", "SA"], "10:00", "19:00")],
        ["ibasho"],
        "kind-business",
        public_transport=True,
    ),
    _hot(
        "美容室 はな",
        "びようしつ はな",
        "待合スペースを開放しています。スタッフが困り事の相談にのり、相談窓口を紹介します。",
        "12410",
        "289-1727",
        "宮川5870",
        (35.6734, 140.5083),
        [Hours(["TU", "WE", "TH", "FR", "SA"], "09:00", "18:00")],
        ["consultation"],
        "kind-business",
        wheelchair=True,
        parking=True,
    ),
]

OPERATORS = SEED_OPERATORS + HOT_STATIONS


def entry_id(region: Region, name: str) -> uuid.UUID:
    """The demo entry's fixed id: loading again finds it."""
    return uuid.uuid5(NAMESPACE, f"{region.code}:{name}")


def _rows(hours: list[Hours], today: date) -> list[dict]:
    rows = []
    for h in hours:
        row = {
            "days": h.days,
            "opens_at": time.fromisoformat(h.opens),
            "closes_at": time.fromisoformat(h.closes),
            "valid_from": None,
            "valid_to": None,
            "open_on_holidays": h.holidays,
            "schedule_id": "",
        }
        if h.season:
            first, last = h.season
            row["valid_from"] = date(today.year, first, 1)
            row["valid_to"] = date(today.year, last, calendar.monthrange(today.year, last)[1])
        rows.append(row)
    return rows


def _operator(region: Region, spec: Operator, members: dict) -> ResourceOrganization:
    organization = ResourceOrganization.objects.filter(region=region, name=spec.name).first()
    if organization is None:
        organization = organization_import(
            actor=ACTOR,
            region=region,
            document={
                "id": str(entry_id(region, "organization:" + spec.name)),
                "name": spec.name,
                "alternate_name": spec.kana,
                "description": spec.description,
            },
        )
    if spec.member and organization.member_id is None:
        organization_member_set(
            actor=ACTOR, organization=organization, member=members.get(spec.member)
        )
    return organization


def demo_directory_load(*, region: Region) -> int:
    """Write the demo entries of ``region`` that are not there yet; return how many."""
    taxonomy_seed()
    today = today_local()
    municipalities = {m.code: m for m in Municipality.objects.filter(region=region)}
    members = {o.name: o for o in Organization.objects.filter(region=region)}
    terms = {str(t.pk): t for t in TaxonomyTerm.objects.all()}
    existing = set(Service.objects.filter(region=region).values_list("pk", flat=True))
    created = 0
    for spec in OPERATORS:
        organization = None
        for entry in spec.entries:
            pk = entry_id(region, entry.name)
            if pk in existing:
                continue
            organization = organization or _operator(region, spec, members)
            data = {
                "name": entry.name,
                "name_kana": entry.kana,
                "description": entry.description,
                "status": "active",
                "postal_code": entry.postal_code,
                "municipality": municipalities.get(entry.municipality),
                "address_1": entry.address_1,
                "address_2": entry.address_2,
                "latitude": entry.point[0] if entry.point else None,
                "longitude": entry.point[1] if entry.point else None,
                "phone": entry.phone,
                "phone_2": "",
                "fax": entry.fax,
                "email": "",
                "url": "",
                "terms": [terms[str(term_uuid(code))] for code in entry.terms],
                "is_hot_station": entry.hot_station,
                "offerings": entry.offerings,
                "wheelchair": entry.wheelchair,
                "parking": entry.parking,
                "public_transport": entry.public_transport,
                "assured_date": (
                    today - timedelta(days=entry.assured_days_ago)
                    if entry.assured_days_ago is not None
                    else None
                ),
                "is_published": True,
            }
            document = document_from_forms(
                {"id": str(pk)}, data, _rows(entry.hours, today), organization=organization
            )
            service_create(
                actor=ACTOR, region=region, organization=organization, document=document
            )
            created += 1
    return created
