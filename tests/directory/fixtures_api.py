"""Fixtures for the directory's HSDS exchange and API.

``hsds_service`` is the official HSDS example service (hsds_examples/service_full.json)
imported into the 山武 ``region``; ``hsds_japanese_service`` a ホッとステーション of 東金市
written the Japanese way (address mapping of DOMAIN.md, our taxonomy)."""

import json
import uuid
from pathlib import Path

import pytest

from tsunagu.directory import taxonomy as tx
from tsunagu.directory.hsds.services import service_import

EXAMPLES = Path(__file__).with_name("hsds_examples")


def hsds_example(name: str) -> dict:
    """An official HSDS example (a fresh copy each time)."""
    return json.loads((EXAMPLES / f"{name}.json").read_text(encoding="utf-8"))


def japanese_service(
    *,
    service_id: str = "6b0f6f51-2a44-4c55-9a55-0b1f3f0f2a01",
    name: str = "ふらっとカフェ東金",
    kana: str = "フラットカフェトウガネ",
    city: str = "東金市",
    organization_id: str = "6b0f6f51-2a44-4c55-9a55-0b1f3f0f2b01",
    location_id: str = "6b0f6f51-2a44-4c55-9a55-0b1f3f0f2c01",
    sal_id: str = "6b0f6f51-2a44-4c55-9a55-0b1f3f0f2d01",
    offerings: tuple[str, ...] = ("ibasho", "cool"),
    categories: tuple[str, ...] = ("svc-ibasho", "kind-business"),
    access: tuple[str, ...] = ("access-wheelchair", "access-parking"),
) -> dict:
    """A fully nested service as tsunagu writes one: a ホッとステーション in a shop."""
    attributes = [
        tx.attribute_document(link_id=service_id, link_entity="service", code=code)
        for code in (*categories, *([tx.HOT_STATION_MARK] if offerings else []))
    ] + [
        tx.attribute_document(
            link_id=service_id, link_entity="service", code=tx.OFFERING_TERMS[offering]
        )
        for offering in offerings
    ]
    location = {
        "id": location_id,
        "location_type": "physical",
        "name": "ふらっとカフェ",
        "latitude": 35.5597,
        "longitude": 140.3661,
        "addresses": [
            {
                "id": str(uuid.uuid5(uuid.UUID(location_id), "address")),
                "address_1": "東金1390",
                "address_2": "駅前ビル1階",
                "city": city,
                "state_province": "千葉県",
                "postal_code": "283-0802",
                "country": "JP",
                "address_type": "physical",
            }
        ],
        "attributes": [
            tx.attribute_document(link_id=location_id, link_entity="location", code=code)
            for code in access
        ],
    }
    return {
        "id": service_id,
        "name": name,
        "alternate_name": kana,
        "description": "誰でも立ち寄れるカフェです。困り事の相談もできます。",
        "status": "active",
        "email": "cafe@example.invalid",
        "url": "https://example.invalid/cafe",
        "assured_date": "2024-04-01",
        "organization": {
            "id": organization_id,
            "name": "株式会社ふらっと",
            "alternate_name": "カブシキガイシャフラット",
            "description": "東金駅前のカフェを運営しています。",
        },
        "phones": [
            {"id": str(uuid.uuid5(uuid.UUID(service_id), "phone")), "number": "0475-00-0000"}
        ],
        "schedules": [
            {
                "id": str(uuid.uuid5(uuid.UUID(service_id), "schedule")),
                "freq": "WEEKLY",
                "byday": "MO,TU,WE,TH,FR",
                "opens_at": "10:00+09:00",
                "closes_at": "17:00+09:00",
                "timezone": 9,
                "description": "平日 10:00〜17:00",
            }
        ],
        "service_at_locations": [{"id": sal_id, "location": location}],
        "attributes": attributes,
    }


@pytest.fixture
def hsds_service(region):
    """The official example service (service_full.json) in the 山武 region."""
    return service_import(actor="test", region=region, document=hsds_example("service_full"))


@pytest.fixture
def hsds_japanese_service(region):
    """A published ホッとステーション in 東金市, with our taxonomy terms."""
    return service_import(actor="test", region=region, document=japanese_service())


@pytest.fixture
def hsds_organization(hsds_service):
    return hsds_service.organization


@pytest.fixture
def hsds_service_at_location(hsds_service):
    return hsds_service.at_locations.get()


@pytest.fixture
def hsds_taxonomy_term(hsds_japanese_service):
    from tsunagu.directory.models import TaxonomyTerm

    return TaxonomyTerm.objects.get(pk=tx.HOT_STATION_MARK_ID)


@pytest.fixture
def hsds_taxonomy(hsds_taxonomy_term):
    return hsds_taxonomy_term.taxonomy
