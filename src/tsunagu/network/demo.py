"""Demo data for the network pages (called by `tsunagu demo`; idempotent).

Real figures: the 16 ちいき食堂「ほのん」 sessions of 令和4年度 with 1,644 participants in all
(地域行事 8, 高校・大学 4, ホッとステーションフェスタ 1, 法人主催 3) are from the seed
(../shared/seed/, 「子ども食堂（ちいき食堂）『ほのん』の開催」, 令和5年3月1日現在・令和4年6月以降).
The seed gives the total only: the dates, places and the split of participants between
sessions below are fictional, chosen so that the totals match. Everything else (posts,
upcoming events, registrations, feedback) is fictional."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils import timezone

from tsunagu.core.dates import TOKYO
from tsunagu.core.models import Organization, Region, User
from tsunagu.network import registration_services, services
from tsunagu.network.models import Event, EventKind, VenueType

ACTOR = "command:demo"
SEED_SOURCE = (
    "シード資料「子ども食堂（ちいき食堂）『ほのん』の開催」令和5年3月1日現在"
    "（16回・参加者合計1,644名）。各回の日付・人数の内訳は架空"
)
LINK = "特定非営利活動法人リンク"

# (month, day, venue type, participants, place) — 16 sessions, R4.6–R5.2, 1,644 people
CAFETERIA_SESSIONS = [
    (2022, 6, 18, VenueType.COMMUNITY_EVENT, 150, "東金市 八鶴湖畔の夏まつり"),
    (2022, 7, 9, VenueType.CORPORATE, 70, "ホッとステーション 東金"),
    (2022, 7, 23, VenueType.COMMUNITY_EVENT, 120, "山武市 納涼祭"),
    (2022, 8, 20, VenueType.COMMUNITY_EVENT, 95, "大網白里市 地区の盆踊り"),
    (2022, 9, 17, VenueType.SCHOOL, 60, "県立高校（家庭科の授業）"),
    (2022, 10, 8, VenueType.COMMUNITY_EVENT, 130, "九十九里町 秋の収穫祭"),
    (2022, 10, 22, VenueType.SCHOOL, 75, "大学の学園祭"),
    (2022, 11, 3, VenueType.FESTA, 250, "ホッとステーションフェスタ"),
    (2022, 11, 19, VenueType.COMMUNITY_EVENT, 110, "芝山町 産業まつり"),
    (2022, 12, 10, VenueType.CORPORATE, 65, "ホッとステーション 東金"),
    (2022, 12, 17, VenueType.SCHOOL, 58, "県立高校（放課後）"),
    (2023, 1, 14, VenueType.COMMUNITY_EVENT, 140, "横芝光町 新春のつどい"),
    (2023, 1, 28, VenueType.SCHOOL, 52, "大学（学生食堂）"),
    (2023, 2, 4, VenueType.COMMUNITY_EVENT, 105, "東金市 地区の節分会"),
    (2023, 2, 18, VenueType.CORPORATE, 66, "ホッとステーション 山武"),
    (2023, 2, 25, VenueType.COMMUNITY_EVENT, 98, "山武市 地域のひなまつり"),
]

POSTS = [
    (
        "demo-member",
        "ホッとステーションに新しい協力店が加わりました",
        "東金市内の商店が、店内の一角を居場所として開いてくださることになりました。",
        False,
    ),
    (
        "demo-provider",
        "【お願い】フードバンクへの寄付（お米）",
        "今月はお米が不足しています。ご協力いただける機関はコメントでお知らせください。",
        False,
    ),
]

FEEDBACK_TEXTS = [
    (5, 5, "相談できる場所があることを初めて知りました。"),
    (4, 5, "当事者の方の話が心に残りました。友だちにも伝えたいです。"),
    (5, 4, "ピアサポートという言葉を覚えました。"),
    (4, 4, ""),
    (3, 4, "もう少し質問の時間がほしかったです。"),
]


def _at(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=TOKYO)


def _cafeteria(region: Region, organization: Organization | None) -> None:
    for number, (year, month, day, venue, people, place) in enumerate(CAFETERIA_SESSIONS, start=1):
        services.event_create(
            actor=ACTOR,
            region=region,
            organization=organization,
            title=f"ちいき食堂 ほのん（第{number}回）",
            fields=services.EventFields(
                kind=EventKind.CAFETERIA,
                venue_type=venue,
                starts_at=_at(year, month, day, 11),
                ends_at=_at(year, month, day, 14),
                place=place,
                participants=people,
                source_note=SEED_SOURCE,
            ),
        )


def _upcoming(region: Region, users: dict[str, User]) -> None:
    base = timezone.localtime().replace(hour=13, minute=30, second=0, microsecond=0)
    start = base + timedelta(days=21)
    training = services.post_create(
        actor=users["demo-center"],
        title="事業所合同新人研修会（デモ）",
        body="障害福祉サービスのしくみを学び、グループワークで質問できます。",
        municipalities=list(region.municipalities.filter(code="12237")),
        event=services.EventFields(
            kind=EventKind.TRAINING,
            venue_type=VenueType.CORPORATE,
            starts_at=start,
            ends_at=start + timedelta(hours=2, minutes=30),
            place="山武健康福祉センター 会議室",
            venue_capacity=50,
            has_online=True,
            online_capacity=30,
            online_url="https://meet.example.invalid/tsunagu-demo",
            is_public=True,
            accepts_registrations=True,
        ),
    ).event
    for name, mode in (("参加 一花（デモ）", "venue"), ("参加 二葉（デモ）", "online")):
        registration_services.registration_create(
            event=training,
            mode=mode,
            name=name,
            email="demo-resident@example.invalid",
            actor=ACTOR,
        )
    exchange_start = base + timedelta(days=35)
    services.post_create(
        actor=users["demo-member"],
        title="居場所づくり交流会（デモ）",
        body="ホッとステーションの協力店どうしで、工夫を話し合いましょう。",
        event=services.EventFields(
            kind=EventKind.EXCHANGE,
            starts_at=exchange_start,
            ends_at=exchange_start + timedelta(hours=2),
            place="ホッとステーション 東金",
            venue_capacity=20,
            is_public=True,
            accepts_registrations=True,
        ),
    )
    # a school class last month, with feedback like the learning cards (fictional words)
    past = base - timedelta(days=30)
    school = services.event_create(
        actor=ACTOR,
        region=region,
        organization=users["demo-center"].organization,
        title="高校での福祉教育「地域福祉の実際」（デモ）",
        fields=services.EventFields(
            kind=EventKind.WELFARE_EDUCATION,
            venue_type=VenueType.SCHOOL,
            starts_at=past,
            ends_at=past + timedelta(hours=1),
            place="県立高校",
            participants=38,
        ),
    )
    for satisfaction, usefulness, text in FEEDBACK_TEXTS:
        registration_services.feedback_submit(
            event=school,
            satisfaction=satisfaction,
            usefulness=usefulness,
            comment=text,
            actor=ACTOR,
        )


def demo_network_load(*, region: Region, with_records: bool = True) -> bool:
    """Load the demo; return True when something was created. ``with_records`` is False
    for `tsunagu demo --without-records`: then create nothing about persons (the demo's
    registrants are fictional residents, so they are left out too)."""
    if Event.objects.filter(region=region, source_note=SEED_SOURCE).exists():
        return False
    organization = Organization.objects.filter(region=region, name=LINK).first()
    _cafeteria(region, organization)
    users = {u.username: u for u in User.objects.filter(region=region)}
    if not {"demo-center", "demo-member", "demo-provider"} <= users.keys():
        return True
    for username, title, body, urgent in POSTS:
        services.post_create(actor=users[username], title=title, body=body, is_urgent=urgent)
    if with_records:
        _upcoming(region, users)
    return True
