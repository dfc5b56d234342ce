"""Fixtures for the foodbank tests (registered in tests/conftest.py)."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from tsunagu.core import dates
from tsunagu.foodbank import appliance_services, services
from tsunagu.foodbank.models import Category, DonorKind, ExpiryKind, Unit, VenueType


def lot_input(name="缶詰（さば）", quantity=10, days=30, kind=ExpiryKind.BEST_BEFORE,
              place="倉庫A", unit=Unit.CAN, weight="0.2", category=Category.CANNED):
    return services.LotInput(
        name=name, category=category, unit=unit, quantity=quantity, expiry_kind=kind,
        expiry_date=None if kind == ExpiryKind.NONE else dates.today_local() + timedelta(days=days),
        unit_weight_kg=Decimal(weight) if weight else None, storage_place=place,
    )


def make_donation(region, items=None, donor_name="株式会社みどり食品"):
    return services.donation_record(
        actor="test", region=region, received_on=dates.today_local(),
        donor_kind=DonorKind.COMPANY, donor_name=donor_name,
        items=items or [lot_input()],
    )


def make_household(region, number=None, size=3, children=1, **personal):
    return services.household_register(
        actor="test", region=region, size=size, children=children,
        municipality=region.municipalities.order_by("code").first(), number=number, **personal,
    )


@pytest.fixture
def foodbank_donation(region):
    return make_donation(region)


@pytest.fixture
def foodbank_donation_other(other_region):
    return make_donation(other_region, donor_name="よその寄付者")


@pytest.fixture
def foodbank_lot(foodbank_donation):
    return foodbank_donation.lots.get()


@pytest.fixture
def foodbank_lot_other(foodbank_donation_other):
    return foodbank_donation_other.lots.get()


@pytest.fixture
def foodbank_household(region):
    return make_household(region, number=101, name="佐藤花子", phone="0475-00-0000",
                          address="東金市東岩崎1-1", consent_consultation=True)


@pytest.fixture
def foodbank_household_other(other_region):
    return make_household(other_region, number=101, name="よその世帯")


@pytest.fixture
def foodbank_pantry(region):
    return services.pantry_event_create(actor="test", region=region,
                                        held_on=date(2026, 11, 1), title="東金パントリー")


@pytest.fixture
def foodbank_pantry_other(other_region):
    return services.pantry_event_create(actor="test", region=other_region,
                                        held_on=date(2026, 11, 1), title="よそのパントリー")


@pytest.fixture
def foodbank_session(region):
    return services.cafeteria_session_record(
        actor="test", region=region, held_on=date(2026, 10, 10),
        venue_type=VenueType.COMMUNITY_EVENT, children=20, adults=10, volunteers=5,
    )


@pytest.fixture
def foodbank_session_other(other_region):
    return services.cafeteria_session_record(
        actor="test", region=other_region, held_on=date(2026, 10, 10),
        venue_type=VenueType.SCHOOL, children=1, adults=1,
    )


@pytest.fixture
def foodbank_appliance(region):
    return appliance_services.appliance_register(actor="test", region=region, kind="冷蔵庫",
                                       maker="テスト電機", year=2019)


@pytest.fixture
def foodbank_appliance_other(other_region):
    return appliance_services.appliance_register(actor="test", region=other_region, kind="洗濯機")


PNG_BYTES = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84"
    b"\x00\x00\x00\x00IEND\xaeB`\x82"
)


@pytest.fixture
def foodbank_appliance_photo(region, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    return appliance_services.appliance_register(
        actor="test", region=region, kind="電子レンジ",
        photo=SimpleUploadedFile("p.png", PNG_BYTES, content_type="image/png"),
    )
