"""Demo data for the foodbank pages (called by `tsunagu demo`; idempotent).

Real figures (source: the seed lecture text, ../shared/seed/000_408cb7cb439107f6.txt,
「フードバンク・物資支援 64回 68世帯に実施（令和4年度）」「フードパントリー 6回実施 合計1,050名に提供
（令和4年度）」「ちいき食堂ほのんを16回実施 … 地域行事 8回・高校・大学 4回・フェスタ 1回・法人主催 3回 参加者合計1,644名」)
are reproduced as totals of 令和4年度 (2022-04-01 … 2023-03-31):

- 物資支援 64回 (deliveries) and 68世帯: 40 households received the 64 deliveries, 28 more
  checked in by number at a pantry; the figure 支援世帯数 counts both (see figures.py).
- パントリー 6回・1,050名: numbered households (their size) plus anonymous head counts.
- ちいき食堂 16回・1,644名 (children + adults), with the venue types of the seed; linked by
  date to the network's 子ども食堂 events of that year when the network demo made them.

Everything else — donors, items, dates, household sizes, appliances — is fictional. The
Japanese strings are data written to the database, marked with ``gettext_noop``."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext_noop as _

from tsunagu.core import dates
from tsunagu.core.models import Region
from tsunagu.foodbank import appliance_services, services
from tsunagu.foodbank.models import (
    Appliance,
    CafeteriaSession,
    Category,
    DonorKind,
    ExpiryKind,
    Household,
    Unit,
    VenueType,
)

ACTOR = "command:demo"
FY = 2022  # 令和4年度

# (date, venue type, participants) — 16 sessions R4.6–R5.3; participants sum to 1,644 (seed)
SESSIONS = [
    (date(2022, 6, 18), VenueType.COMMUNITY_EVENT, 150),
    (date(2022, 7, 9), VenueType.SCHOOL, 80),
    (date(2022, 7, 30), VenueType.COMMUNITY_EVENT, 130),
    (date(2022, 8, 20), VenueType.COMMUNITY_EVENT, 120),
    (date(2022, 9, 10), VenueType.CORPORATE, 40),
    (date(2022, 9, 24), VenueType.SCHOOL, 90),
    (date(2022, 10, 15), VenueType.COMMUNITY_EVENT, 140),
    (date(2022, 10, 29), VenueType.FESTA, 180),
    (date(2022, 11, 12), VenueType.COMMUNITY_EVENT, 110),
    (date(2022, 11, 26), VenueType.SCHOOL, 75),
    (date(2022, 12, 10), VenueType.CORPORATE, 35),
    (date(2023, 1, 21), VenueType.COMMUNITY_EVENT, 125),
    (date(2023, 2, 4), VenueType.SCHOOL, 85),
    (date(2023, 2, 18), VenueType.COMMUNITY_EVENT, 135),
    (date(2023, 3, 4), VenueType.CORPORATE, 34),
    (date(2023, 3, 18), VenueType.COMMUNITY_EVENT, 115),
]
CAFETERIA_PARTICIPANTS = 1644
VENUE_NAMES = {
    VenueType.COMMUNITY_EVENT: _("地域の夏祭り・公民館行事"),
    VenueType.SCHOOL: _("高校・大学の調理室"),
    VenueType.FESTA: _("ホッとステーションフェスタ"),
    VenueType.CORPORATE: _("法人の事業所"),
    VenueType.OTHER: _("その他の会場"),
}

# 6 pantry events; people served sum to 1,050 (seed)
PANTRIES = [
    (date(2022, 5, 21), 160), (date(2022, 7, 23), 180), (date(2022, 9, 17), 170),
    (date(2022, 11, 19), 190), (date(2023, 1, 28), 175), (date(2023, 3, 11), 175),
]
PANTRY_PEOPLE = 1050
DELIVERIES = 64
DELIVERY_HOUSEHOLDS = 40
PANTRY_HOUSEHOLDS = 28  # 40 + 28 = 68 households (seed)

DELIVERY_BOX = [(_("お米（5kg）"), 1), (_("さば缶"), 3), (_("レトルトカレー"), 2)]


def _lot(name, category, unit, quantity, weight, kind, expiry, place):
    return services.LotInput(
        name=name, category=category, unit=unit, quantity=quantity, expiry_kind=kind,
        expiry_date=expiry, unit_weight_kg=Decimal(weight) if weight else None,
        storage_place=place,
    )


def _stock_now(region: Region) -> None:
    """Recent donations with dates around today, so the stock page has something to show."""
    today = dates.today_local()
    services.donation_record(
        actor=ACTOR, region=region, received_on=today - timedelta(days=7),
        donor_kind=DonorKind.COMPANY, donor_name=_("株式会社さんぶ青果（架空）"),
        items=[
            _lot(_("牛乳"), Category.FRESH, Unit.BOTTLE, 12, "1", ExpiryKind.USE_BY,
                 today + timedelta(days=3), _("冷蔵庫")),
            _lot(_("食パン"), Category.STAPLE, Unit.BAG, 10, "0.4", ExpiryKind.USE_BY,
                 today + timedelta(days=2), _("冷蔵庫")),
            _lot(_("にんじん"), Category.FRESH, Unit.KG, 8, None, ExpiryKind.NONE, None,
                 _("冷蔵庫")),
        ],
    )
    services.donation_record(
        actor=ACTOR, region=region, received_on=today - timedelta(days=20),
        donor_kind=DonorKind.ORGANIZATION, donor_name=_("東金ライオンズ（架空）"),
        items=[
            _lot(_("お米（5kg）"), Category.STAPLE, Unit.BAG, 20, "5", ExpiryKind.NONE, None,
                 _("倉庫A")),
            _lot(_("さば缶"), Category.CANNED, Unit.CAN, 48, "0.19", ExpiryKind.BEST_BEFORE,
                 today + timedelta(days=400), _("倉庫A")),
            _lot(_("レトルトカレー"), Category.CANNED, Unit.PACK, 30, "0.2",
                 ExpiryKind.BEST_BEFORE, today + timedelta(days=12), _("倉庫B")),
            _lot(_("カップめん"), Category.STAPLE, Unit.PIECE, 24, "0.08",
                 ExpiryKind.BEST_BEFORE, today + timedelta(days=9), _("倉庫B")),
        ],
    )
    services.donation_record(
        actor=ACTOR, region=region, received_on=today - timedelta(days=3),
        donor_kind=DonorKind.ANONYMOUS, note=_("フードドライブの回収箱から"),
        items=[
            _lot(_("ティッシュペーパー"), Category.DAILY, Unit.BOX, 15, "0.3", ExpiryKind.NONE,
                 None, _("倉庫B")),
            _lot(_("しょうゆ"), Category.SEASONING, Unit.BOTTLE, 6, "1", ExpiryKind.BEST_BEFORE,
                 today + timedelta(days=180), _("倉庫A")),
        ],
    )


def _network_events(region: Region) -> list:
    try:
        from tsunagu.network.models import Event, EventKind
    except ImportError:  # pragma: no cover - the network app is part of the tree
        return []
    return list(
        Event.objects.filter(region=region, kind=EventKind.CAFETERIA, fiscal_year=FY)
        .order_by("starts_at")
    )


def _cafeteria(region: Region) -> None:
    """16 sessions of 令和4年度; food for them from a donation used up by the sessions."""
    municipalities = list(region.municipalities.order_by("code"))
    events = _network_events(region)
    by_date = {e.starts_at.astimezone(dates.TOKYO).date(): e for e in events}
    rows = SESSIONS
    if len(events) == len(SESSIONS):
        # the network demo made the 16 events: take their dates and venue types, and their
        # head counts when they are given and add up to the seed's total
        counts = [e.participants for e in events]
        use_counts = all(c is not None for c in counts) and sum(counts) == CAFETERIA_PARTICIPANTS
        venue_types = {v.value for v in VenueType}
        rows = [
            (
                e.starts_at.astimezone(dates.TOKYO).date(),
                e.venue_type if e.venue_type in venue_types else own[1],
                e.participants if use_counts else own[2],
            )
            for e, own in zip(events, SESSIONS, strict=True)
        ]
    services.donation_record(
        actor=ACTOR, region=region, received_on=date(2022, 6, 1),
        donor_kind=DonorKind.COMPANY, donor_name=_("みどり食品株式会社（架空）"),
        items=[
            _lot(_("カレールウ"), Category.SEASONING, Unit.BOX, 32, "0.2", ExpiryKind.BEST_BEFORE,
                 date(2023, 5, 31), _("倉庫A")),
            _lot(_("お米（業務用10kg）"), Category.STAPLE, Unit.BAG, 16, "10", ExpiryKind.NONE,
                 None, _("倉庫A")),
        ],
    )
    for i, (held_on, venue_type, participants) in enumerate(rows):
        children = participants * 6 // 10
        services.cafeteria_session_record(
            actor=ACTOR, region=region, held_on=held_on, venue_type=venue_type,
            venue_name=str(VENUE_NAMES[VenueType(venue_type)]),
            municipality=municipalities[i % len(municipalities)],
            children=children, adults=participants - children, volunteers=8 + i % 5,
            food=[(_("カレールウ"), 2), (_("お米（業務用10kg）"), 1)],
            event=by_date.get(held_on),
        )


def _appliances(region: Region) -> list[Appliance]:
    made = []
    for kind, maker, year, checked in [
        (_("冷蔵庫"), _("さんぶ電機（架空）"), 2018, True),
        (_("洗濯機"), _("くじゅうくり工業（架空）"), 2016, True),
        (_("電子レンジ"), _("とうがね家電（架空）"), 2020, False),
    ]:
        made.append(appliance_services.appliance_register(
            actor=ACTOR, region=region, kind=kind, maker=maker, year=year,
            condition=_("動作確認済み・小傷あり"),
            safety_checked_by=_("家電バンクのボランティア") if checked else "",
            safety_checked_on=dates.today_local() - timedelta(days=10) if checked else None,
        ))
    return made


def _households_and_distributions(region: Region, appliances: list[Appliance]) -> None:
    municipalities = list(region.municipalities.order_by("code"))
    households = []
    for n in range(1, DELIVERY_HOUSEHOLDS + PANTRY_HOUSEHOLDS + 1):
        size = 1 + n % 5
        households.append(services.household_register(
            actor=ACTOR, region=region, number=n, size=size, children=min(size - 1, n % 3),
            municipality=municipalities[n % len(municipalities)],
            referred_by=[_("市役所"), _("社会福祉協議会"), _("学校"), _("本人から")][n % 4],
        ))
    # food for the deliveries of the year: exactly what the 64 boxes use
    services.donation_record(
        actor=ACTOR, region=region, received_on=date(2022, 4, 1),
        donor_kind=DonorKind.ORGANIZATION, donor_name=_("さんぶ農協女性部（架空）"),
        items=[
            _lot(DELIVERY_BOX[0][0], Category.STAPLE, Unit.BAG, DELIVERIES * DELIVERY_BOX[0][1],
                 "5", ExpiryKind.NONE, None, _("倉庫A")),
            _lot(DELIVERY_BOX[1][0], Category.CANNED, Unit.CAN, DELIVERIES * DELIVERY_BOX[1][1],
                 "0.19", ExpiryKind.BEST_BEFORE, date(2024, 3, 31), _("倉庫A")),
            _lot(DELIVERY_BOX[2][0], Category.CANNED, Unit.PACK,
                 DELIVERIES * DELIVERY_BOX[2][1], "0.2", ExpiryKind.BEST_BEFORE,
                 date(2023, 12, 31), _("倉庫B")),
        ],
    )
    for i in range(DELIVERIES):
        services.delivery_record(
            actor=ACTOR, region=region, household=households[i % DELIVERY_HOUSEHOLDS],
            given_on=date(2022, 4, 5) + timedelta(days=5 * i),
            items=[(str(name), q) for name, q in DELIVERY_BOX], acknowledge_repeat=True,
        )
    numbered = households[DELIVERY_HOUSEHOLDS:]
    for e, (held_on, people) in enumerate(PANTRIES):
        event = services.pantry_event_create(
            actor=ACTOR, region=region, held_on=held_on,
            title=_("フードパントリー「ほのん」"), municipality=municipalities[e % len(municipalities)],
        )
        mine = numbered[e * 5:(e + 1) * 5]
        for household in mine:
            services.pantry_check_in(actor=ACTOR, event=event, household=household,
                                     acknowledge_repeat=True)
        services.pantry_check_in(actor=ACTOR, event=event,
                                 anonymous_count=people - sum(h.size for h in mine))
    # the appliance bank: a fridge reached household 3; a washing machine is matched
    fridge, washer, _oven = appliances
    request = appliance_services.appliance_request_create(
        actor=ACTOR, region=region, household=households[2], kind=str(_("冷蔵庫")),
        requested_on=dates.today_local() - timedelta(days=30),
    )
    appliance_services.appliance_advance(actor=ACTOR, appliance=fridge, status="matched", request=request)
    appliance_services.appliance_advance(actor=ACTOR, appliance=fridge, status="delivered",
                               on=dates.today_local() - timedelta(days=5))
    request = appliance_services.appliance_request_create(
        actor=ACTOR, region=region, household=households[10], kind=str(_("洗濯機")),
        requested_on=dates.today_local() - timedelta(days=8),
    )
    appliance_services.appliance_advance(actor=ACTOR, appliance=washer, status="matched", request=request)


@transaction.atomic
def demo_foodbank_load(*, region: Region, with_records: bool = True) -> bool:
    """Load the demo; return True when something was created. ``with_records`` is False
    for `tsunagu demo --without-records`: then create nothing about persons (households)."""
    made = False
    if not CafeteriaSession.objects.filter(region=region).exists():
        _stock_now(region)
        _cafeteria(region)
        _appliances(region)
        made = True
    if with_records and not Household.objects.filter(region=region).exists():
        appliances = list(Appliance.objects.filter(region=region).order_by("pk")[:3])
        _households_and_distributions(region, appliances)
        made = True
    return made

