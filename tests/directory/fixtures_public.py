"""Fixtures for the public directory pages: a small 山武 directory written the way imports
write it (HSDS documents through ``service_import``).

``public_directory`` (name -> Service):

| name | where | offers | hours |
|---|---|---|---|
| ふれあいサロン ひだまり | 東金市, 車いす・駐車場 | ホッとステーション: 居場所 | 月〜金 10:00–16:00 |
| カフェ みちくさ | 山武市, 公共交通 | ホッとステーション: 居場所・困り事相談 | 火〜土 11:00–18:00, 祝日も開く |
| 九十九里 クールステーション | 九十九里町 | ホッとステーション: クール・居場所 | 2026年7〜9月 毎日 9:00–17:00, 年中無休 |
| こども食堂 にじいろ | 大網白里市 | 子ども食堂 | 毎月第2・第4土曜 11:00–14:00 |
| はたらく森 | 芝山町 | 就労継続支援B型 | 月〜金 9:00–15:00, 一時休止中 |

and, never shown to the public: 準備中の居場所 (not published), 閉じたサロン (廃止), and
よその居場所 (the other region). 2026-07-15 is a Wednesday; 2026-07-20 (海の日) and
2026-11-03 (文化の日) are national holidays."""

from __future__ import annotations

import uuid

import pytest

from tsunagu.directory.hsds.services import service_import
from tsunagu.directory.models import Service
from tsunagu.directory.staff_services import service_publish_set
from tsunagu.directory.taxonomy import OFFERING_TERMS, attribute_document

WEEKDAYS = "MO,TU,WE,TH,FR"
EVERY_DAY = "MO,TU,WE,TH,FR,SA,SU"
OFFICE_TOGANE = (35.5597, 140.3661)


def _id() -> str:
    return str(uuid.uuid4())


def schedule(byday: str, opens: str, closes: str, **extra) -> dict:
    return {
        "id": _id(),
        "freq": "WEEKLY",
        "byday": byday,
        "opens_at": opens,
        "closes_at": closes,
        **extra,
    }


def service_document(
    *,
    name: str,
    kana: str = "",
    city: str,
    address_1: str = "1-1",
    postal_code: str = "283-0000",
    latitude: float | None = None,
    longitude: float | None = None,
    schedules: list[dict] | None = None,
    terms: tuple[str, ...] = (),
    access: tuple[str, ...] = (),
    offerings: tuple[str, ...] = (),
    hot_station: bool = False,
    phone: str = "",
    status: str = "active",
    description: str = "",
    transportation: str = "",
    organization: dict | None = None,
) -> dict:
    """A fully nested HSDS service document with one location in ``city``."""
    service_id, location_id = _id(), _id()
    codes = list(terms) + [OFFERING_TERMS[o] for o in offerings]
    if hot_station:
        codes.append("hot-station")
    location = {
        "id": location_id,
        "location_type": "physical",
        "name": name,
        "addresses": [
            {
                "id": _id(),
                "address_1": address_1,
                "address_2": "",
                "city": city,
                "state_province": "千葉県",
                "postal_code": postal_code,
                "country": "JP",
                "address_type": "physical",
            }
        ],
        "attributes": [
            attribute_document(link_id=location_id, link_entity="location", code=code)
            for code in access
        ],
    }
    if latitude is not None:
        location.update(latitude=latitude, longitude=longitude)
    if transportation:
        location["transportation"] = transportation
    document = {
        "id": service_id,
        "name": name,
        "status": status,
        "description": description,
        "organization": organization
        or {"id": _id(), "name": f"{name}の会", "description": "運営団体"},
        "schedules": schedules or [],
        "service_at_locations": [{"id": _id(), "location": location}],
        "attributes": [
            attribute_document(link_id=service_id, link_entity="service", code=code)
            for code in codes
        ],
        "phones": [{"id": _id(), "number": phone, "type": "voice"}] if phone else [],
    }
    if kana:
        document["alternate_name"] = kana
    return document


def add_service(region, **kwargs) -> Service:
    return service_import(actor="test", region=region, document=service_document(**kwargs))


@pytest.fixture
def public_directory(region) -> dict[str, Service]:
    services = {
        "hidamari": add_service(
            region,
            name="ふれあいサロン ひだまり",
            kana="ふれあいさろん ひだまり",
            city="東金市",
            address_1="東岩崎1-10",
            postal_code="2838511",
            latitude=35.5620,
            longitude=140.3650,
            schedules=[schedule(WEEKDAYS, "10:00", "16:00")],
            terms=("svc-ibasho",),
            access=("access-wheelchair", "access-parking"),
            offerings=("ibasho",),
            hot_station=True,
            phone="0475-50-1234",
            description="お茶を飲みながら、ゆっくり過ごせるサロンです。",
            transportation="JR東金駅から歩いて10分",
        ),
        "michikusa": add_service(
            region,
            name="カフェ みちくさ",
            kana="カフェ ミチクサ",
            city="山武市",
            address_1="殿台296",
            latitude=35.6040,
            longitude=140.4150,
            schedules=[schedule("TU,WE,TH,FR,SA", "11:00", "18:00", notes="祝日も開いています。")],
            terms=("svc-ibasho", "svc-consultation"),
            access=("access-public-transport",),
            offerings=("ibasho", "consultation"),
            hot_station=True,
            phone="0475-80-0000",
        ),
        "cool": add_service(
            region,
            name="九十九里 クールステーション",
            kana="くじゅうくり くーるすてーしょん",
            city="九十九里町",
            latitude=35.5360,
            longitude=140.4400,
            schedules=[
                schedule(
                    EVERY_DAY,
                    "09:00",
                    "17:00",
                    valid_from="2026-07-01",
                    valid_to="2026-09-30",
                    notes="年中無休",
                )
            ],
            offerings=("cool", "ibasho"),
            hot_station=True,
        ),
        "nijiiro": add_service(
            region,
            name="こども食堂 にじいろ",
            kana="こどもしょくどう にじいろ",
            city="大網白里市",
            latitude=35.5220,
            longitude=140.3200,
            schedules=[
                {
                    "id": _id(),
                    "freq": "MONTHLY",
                    "byday": "2SA,4SA",
                    "opens_at": "11:00",
                    "closes_at": "14:00",
                }
            ],
            terms=("svc-kodomo-shokudo",),
        ),
        "mori": add_service(
            region,
            name="はたらく森",
            kana="はたらくもり",
            city="芝山町",
            latitude=35.6930,
            longitude=140.4150,
            schedules=[schedule(WEEKDAYS, "09:00", "15:00")],
            terms=("dw-employment-b",),
            status="temporarily closed",
        ),
    }
    return services


@pytest.fixture
def public_service(public_directory) -> Service:
    """A published 居場所 in 東金市: ふれあいサロン ひだまり."""
    return public_directory["hidamari"]


@pytest.fixture
def public_unpublished(region) -> Service:
    service = add_service(
        region,
        name="準備中の居場所",
        city="東金市",
        latitude=35.56,
        longitude=140.37,
        offerings=("ibasho",),
        hot_station=True,
        schedules=[schedule(EVERY_DAY, "00:00", "24:00", notes="年中無休")],
    )
    return service_publish_set(actor="test", service=service, is_published=False)


@pytest.fixture
def public_defunct(region) -> Service:
    return add_service(
        region,
        name="閉じたサロン",
        city="東金市",
        latitude=35.56,
        longitude=140.37,
        offerings=("ibasho",),
        hot_station=True,
        status="defunct",
    )


@pytest.fixture
def public_other_region_service(other_region) -> Service:
    return add_service(
        other_region,
        name="よその居場所",
        city="千葉市",
        latitude=35.6074,
        longitude=140.1065,
        offerings=("ibasho",),
        hot_station=True,
        schedules=[schedule(EVERY_DAY, "00:00", "24:00", notes="年中無休")],
    )
