"""Demo data for 地域支援 (called by `tsunagu demo`; idempotent): a year (令和4年度) of the
center's community work drawn from the seed lecture (../shared/seed/000_408cb7cb439107f6.txt).

From the lecture, with its dates: the three 公開研修会 of 令和4年度 (6/20 虐待防止の義務化,
11/22 障がい者支援で大事にしたいこと, 2/28 地域生活支援拠点の整備と運営) and the 合同新人研修会
(令和5年5月23日, the next 年度). From the lecture without a date (dates here are fictional):
the high-school talk 「地域福祉事業の実際について～心の健康のために～」 with some of its
students' 学習カード as 地域の声, ホッとステーション recruitment, the 交流会 of the
ホッとステーション, the 相談支援事業所合同事例検討会. Participant counts, provider support,
observations other than the learning cards and the 個別支援会議 are fictional. Every record
is marked ``is_demo``. The Japanese strings are data, marked with ``gettext_noop``."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils.translation import gettext_noop as _

from tsunagu.community import selectors, services
from tsunagu.community.models import (
    CommunityActivity,
    ObservationSource,
    PartnerKind,
    ProviderSupportKind,
)
from tsunagu.core.models import ListItem, ListKind, Organization, OrganizationKind, Region
from tsunagu.core.roles import Role

ACTOR = "command:demo"

# (date, title, method, functions, municipality codes, participants, partners, what, outcome, link)
ACTIVITIES = [
    (
        date(2022, 6, 20),
        _("第1回 公開研修会「障害者虐待防止の義務化」"),
        "human_resources",
        ["administration", "needs_sharing"],
        ["12213"],
        None,
        [],
        _("県の担当者による行政説明と、県の虐待防止アドバイザーの講演。会場とZOOMで実施。"),
        _("各事業所で虐待防止研修を組み立てるきっかけになった。"),
        "training",
    ),
    (
        date(2022, 7, 12),
        _("ホッとステーション協力店の登録（東金）"),
        "network",
        ["support_network", "informal_support"],
        ["12213"],
        None,
        [(PartnerKind.BUSINESS, _("商店街の喫茶店"))],
        _("店主に居場所としての協力をお願いし、ステッカーと案内を渡した。"),
        _("ホッとステーションとして登録。"),
        "hot_station",
    ),
    (
        date(2022, 9, 8),
        _("ホッとステーション交流会"),
        "organizing",
        ["organizing", "support_network"],
        ["12213", "12237"],
        18,
        [],
        _("協力店どうしで、立ち寄った人への声かけの工夫を話し合った。"),
        _("協力店の困りごと（相談先が分からない）を事務局で受けることにした。"),
        "exchange",
    ),
    (
        date(2022, 10, 14),
        _("高校での啓発授業「地域福祉事業の実際について～心の健康のために～」"),
        "welfare_education",
        ["needs_sharing", "needs_finding"],
        ["12213"],
        40,
        [(PartnerKind.SCHOOL, _("県立高校")), (PartnerKind.SELF_HELP, _("ピアサポーター"))],
        _("相談員の話と、当事者お二人の経験談。生徒が学習カードに感想を書いた。"),
        _("学習カードを地域の声として記録した。"),
        "",
    ),
    (
        date(2022, 11, 22),
        _("第2回 公開研修会「障がい者支援で大事にしたいこと～やり直し勉強会～」"),
        "human_resources",
        ["administration"],
        ["12213"],
        None,
        [],
        _("県の相談支援アドバイザーの講演と、参加者どうしのグループワーク。"),
        "",
        "training",
    ),
    (
        date(2023, 1, 24),
        _("相談支援事業所合同事例検討会"),
        "human_resources",
        ["support_network", "assessment"],
        ["12213", "12237", "12239"],
        15,
        [],
        _("匿名化した事例をもとに、相談支援専門員どうしで支援の方針を検討した。"),
        _("移動手段の不足が複数の事例に共通していた。"),
        "case_conference",
    ),
    (
        date(2023, 2, 28),
        _("第3回 公開研修会「地域生活支援拠点の整備と運営」"),
        "resource_development",
        ["service_development", "administration"],
        ["12213"],
        None,
        [],
        _("県の担当者と香取圏域の担当者による講演。設置までの準備と運用の実際。"),
        _("山武圏域での拠点整備の検討に生かす。"),
        "training",
    ),
    (
        date(2023, 5, 23),
        _("山武郡市障害福祉サービス事業所合同新人研修会"),
        "human_resources",
        ["administration", "counselling"],
        ["12237"],
        None,
        [],
        _("入社おおむね3年以内の職員向けに、サービスの仕組みと基礎知識の講義とグループワーク。"),
        "",
        "",
    ),
]

# Some of the students' 学習カード of the lecture (those that name nobody).
LEARNING_CARDS = [
    ("other", _("自分の親もヘルパーを利用しているので親近感が湧いた。")),
    ("other", _("色々な解決方法や救われている人がいることを知った。")),
    ("education", _("メンタルヘルス系の講義が少なかったので、興味深く聞けた。")),
    ("participation", _("ピアがガイドのように、一緒に歩いてくれる人だということを知りました。")),
]

# Fictional 地域の声 of members and ホッとステーション.
VOICES = [
    (
        date(2022, 8, 3),
        ObservationSource.HOT_STATION,
        "12213",
        "mobility",
        _("バスの本数が少なく、店まで来られないという声を聞いた。"),
    ),
    (
        date(2022, 9, 8),
        ObservationSource.NETWORK_MEMBER,
        "12237",
        "mobility",
        _("通院の送迎をしてくれる人がいないという相談が続いている。"),
    ),
    (
        date(2022, 12, 1),
        ObservationSource.RESIDENT,
        "12239",
        "daytime",
        _("日中に気軽に立ち寄れる場所が近くにほしい。"),
    ),
    (
        date(2023, 1, 20),
        ObservationSource.ROUND_TABLE,
        "12403",
        "disaster",
        _("災害のとき、障がいのある人がどこに避難すればよいか分からない。"),
    ),
]


def demo_community_load(*, region: Region, with_records: bool = True) -> bool:
    """Load the demo; return True when something was created. ``with_records`` False: no
    個別支援会議 (they are about persons)."""
    if CommunityActivity.objects.filter(region=region, is_demo=True).exists():
        return False
    with transaction.atomic():
        _load(region, with_records=with_records)
    return True


def _items(region: Region, kind: str) -> dict[str, ListItem]:
    return {i.code: i for i in ListItem.objects.of(region, kind)}


def _load(region: Region, *, with_records: bool) -> None:
    from tsunagu.core.models import User
    from tsunagu.directory.models import Service
    from tsunagu.network.models import Event, EventKind

    staff = list(User.objects.filter(region=region, role=Role.CENTER_STAFF).order_by("pk")[:2])
    if not staff:
        staff = list(User.objects.filter(region=region, role=Role.ADMIN).order_by("pk")[:1])
    if not staff:
        return
    methods = _items(region, ListKind.COMMUNITY_METHOD)
    functions = _items(region, ListKind.COMMUNITY_FUNCTION)
    categories = _items(region, ListKind.NEED_CATEGORY)
    municipalities = {m.code: m for m in region.municipalities.all()}
    center = Organization.objects.filter(region=region, kind=OrganizationKind.CORE_CENTER).first()
    providers = list(
        Organization.objects.filter(
            region=region,
            kind__in=[
                OrganizationKind.CONSULTATION,
                OrganizationKind.SERVICE_PROVIDER,
            ],
        ).order_by("pk")[:3]
    )
    station = Service.objects.filter(region=region, is_hot_station=True).order_by("pk").first()
    events = Event.objects.filter(region=region, fiscal_year=2022)
    links = {
        "hot_station": {"hot_station": station} if station else {},
        "exchange": {"event": events.filter(kind=EventKind.EXCHANGE).first()},
        "training": {},
        "case_conference": {},
    }
    school_talk = None
    for (
        held_on,
        title,
        method,
        funcs,
        codes,
        participants,
        partners,
        what,
        outcome,
        link,
    ) in ACTIVITIES:
        extra = {k: v for k, v in links.get(link, {}).items() if v is not None}
        activity = services.community_activity_record(
            actor=ACTOR,
            region=region,
            held_on=held_on,
            title=title,
            minutes=120,
            staff=staff,
            municipalities=[municipalities[c] for c in codes if c in municipalities]
            or list(municipalities.values())[:1],
            method=methods[method],
            functions=[functions[f] for f in funcs],
            partner_organizations=providers[:2] if link == "case_conference" else [],
            partners=partners,
            participants=participants,
            what_happened=what,
            outcome=outcome,
            is_demo=True,
            **extra,
        )
        if method == "welfare_education":
            school_talk = activity
    if school_talk is not None:
        for code, text in LEARNING_CARDS:
            services.observation_record(
                actor=ACTOR,
                region=region,
                noted_on=school_talk.held_on,
                source=ObservationSource.LEARNING_CARD,
                category=categories[code],
                text=text,
                municipality=school_talk.municipalities.first(),
                organization=center,
                activity=school_talk,
                is_demo=True,
            )
    member_orgs = list(
        Organization.objects.filter(region=region, kind=OrganizationKind.NETWORK_MEMBER).order_by(
            "pk"
        )[:3]
    ) or [center]
    for i, (noted_on, source, code, category, text) in enumerate(VOICES):
        services.observation_record(
            actor=ACTOR,
            region=region,
            noted_on=noted_on,
            source=source,
            category=categories[category],
            text=text,
            municipality=municipalities.get(code),
            organization=member_orgs[i % len(member_orgs)],
            is_demo=True,
        )
    for i, (kind, month, day, notes) in enumerate(
        [
            (
                ProviderSupportKind.ADVICE,
                5,
                17,
                _("新任の相談支援専門員に、計画作成の進め方を助言した。"),
            ),
            (
                ProviderSupportKind.VISIT,
                8,
                24,
                _("行動障害のある方の支援について、事業所を訪問して職員と検討した。"),
            ),
            (
                ProviderSupportKind.CASE_CONSULTATION,
                10,
                5,
                _("支援が難しい事例について、事業所の職員から相談を受けた。"),
            ),
            (
                ProviderSupportKind.ACCOMPANY,
                1,
                12,
                _("事業所の職員に同行し、関係機関との調整を手伝った。"),
            ),
        ]
    ):
        if not providers:
            break
        year = 2023 if month < 4 else 2022
        services.provider_support_record(
            actor=ACTOR,
            region=region,
            organization=providers[i % len(providers)],
            kind=kind,
            held_on=date(year, month, day),
            minutes=60,
            staff=staff[:1],
            notes=notes,
            is_demo=True,
        )
    if with_records:
        _case_meetings(region, staff, center, providers)
        _case_conference(region, center, providers)


CONFERENCE_DAY = date(2023, 1, 24)


def _case_conference(region, center, providers) -> None:
    """The 相談支援事業所合同事例検討会 as a network event with its case: a demo person who
    consented to 「協議会での匿名事例検討」, the case written de-identified, attendance by
    organization (the counts are fictional)."""
    from datetime import datetime, time
    from zoneinfo import ZoneInfo

    from tsunagu.network.models import EventKind
    from tsunagu.network.services import EventFields, event_create
    from tsunagu.people.detail_services import consent_record
    from tsunagu.people.models import ConsentScope, Person

    person = (
        Person.objects.filter(region=region, is_fictional=True, merged_into__isnull=True)
        .order_by("pk")
        .first()
    )
    if person is None or center is None:
        return
    if not selectors.person_consents_to_case_conference(person=person, day=CONFERENCE_DAY):
        consent_record(
            actor=ACTOR,
            person=person,
            scope=ConsentScope.COUNCIL_ANONYMOUS,
            given_on=date(2022, 12, 1),
            note=_("デモデータ"),
        )
    tz = ZoneInfo("Asia/Tokyo")
    event = event_create(
        actor=ACTOR,
        region=region,
        title=_("相談支援事業所合同事例検討会"),
        organization=center,
        fields=EventFields(
            kind=EventKind.CASE_CONFERENCE,
            starts_at=datetime.combine(CONFERENCE_DAY, time(13, 30), tzinfo=tz),
            ends_at=datetime.combine(CONFERENCE_DAY, time(16, 0), tzinfo=tz),
            place=_("山武郡市障がい者基幹相談支援センター"),
            participants=15,
        ),
    )
    services.case_conference_record(
        actor=ACTOR,
        event=event,
        person=person,
        case_summary=_(
            "30代の女性。知的障害があり、家族と暮らす。家族の入院で急に一人になり、"
            "通所先への移動手段と、緊急時に泊まれる場所が見つからなかった事例。"
        ),
        discussion=_(
            "移動手段の不足が複数の事例に共通していた。緊急時の受け入れ先を圏域で一覧にする。"
        ),
        attendance=[(center, 3)] + [(p, 2 + i % 2) for i, p in enumerate(providers[:3])],
        is_demo=True,
    )


def _case_meetings(region, staff, center, providers) -> None:
    from tsunagu.people.models import Person

    persons = list(
        Person.objects.filter(region=region, is_fictional=True, merged_into__isnull=True).order_by(
            "pk"
        )[:2]
    )
    for i, person in enumerate(persons):
        services.case_meeting_record(
            actor=ACTOR,
            region=region,
            person=person,
            held_on=date(2022, 9 + i, 12),
            decisions=_("短期入所の体験利用を進め、家族の負担を減らす。"),
            attendees=[(center, _("基幹相談支援センター"))]
            + [(p, _("サービス提供事業所")) for p in providers[:1]],
            actions=[
                (_("計画相談支援"), _("短期入所先に空きを問い合わせる"), date(2022, 9 + i, 30))
            ],
            organization=center,
            is_demo=True,
        )
