"""Fixtures for guardianship, 日常生活自立支援事業 and emergency readiness: one record of each
about ``person`` (assigned to the center and the provider) and one about
``unassigned_person`` (center only), all written by center staff through the services."""

from datetime import date, datetime

import pytest

from tsunagu.core import dates
from tsunagu.safeguarding.emergency.services import (
    emergency_event_record,
    emergency_registration_create,
)
from tsunagu.safeguarding.models import EmergencyEventKind, GuardianshipStatus, Petitioner
from tsunagu.safeguarding.rights.services import (
    daily_life_referral_create,
    guardianship_case_create,
)


def make_guardianship_case(person, staff, **extra):
    fields = {
        "need": "預金の管理と施設入所の契約が難しい",
        "status": GuardianshipStatus.PREPARING,
        "petitioner": Petitioner.MAYOR,
        **extra,
    }
    return guardianship_case_create(
        actor=staff,
        region=person.region,
        person=person,
        organization=staff.organization,
        staff=staff,
        **fields,
    )


def make_daily_life_referral(person, staff, **extra):
    return daily_life_referral_create(
        actor=staff,
        region=person.region,
        person=person,
        referred_on=extra.pop("referred_on", date(2024, 5, 10)),
        services="金銭管理",
        organization=staff.organization,
        staff=staff,
        **extra,
    )


def make_registration(person, staff, **extra):
    fields = {
        "emergency_contacts": "母 090-0000-0000（夜間も可）",
        "support_policy": "母の入院時は短期入所を調整する",
        "candidate_places": "短期入所 さくら",
        "medical_notes": "てんかん：朝夕に服薬",
        "registered_on": date(2024, 4, 15),
        **extra,
    }
    return emergency_registration_create(
        actor=staff,
        region=person.region,
        person=person,
        organization=staff.organization,
        **fields,
    )


def make_event(person, staff, *, started_at=None, **extra):
    fields = {
        "kind": EmergencyEventKind.EMERGENCY,
        "reason": "介護者の急病",
        "place": "短期入所 さくら",
        **extra,
    }
    return emergency_event_record(
        actor=staff,
        region=person.region,
        person=person,
        started_at=started_at or datetime(2024, 6, 1, 20, 0, tzinfo=dates.TOKYO),
        organization=staff.organization,
        **fields,
    )


@pytest.fixture
def guardianship_case(person, center_staff):
    return make_guardianship_case(person, center_staff)


@pytest.fixture
def unassigned_guardianship_case(unassigned_person, center_staff):
    return make_guardianship_case(unassigned_person, center_staff)


@pytest.fixture
def daily_life_referral(person, center_staff):
    return make_daily_life_referral(person, center_staff)


@pytest.fixture
def unassigned_daily_life_referral(unassigned_person, center_staff):
    return make_daily_life_referral(unassigned_person, center_staff)


@pytest.fixture
def emergency_registration(person, center_staff):
    return make_registration(person, center_staff)


@pytest.fixture
def unassigned_emergency_registration(unassigned_person, center_staff):
    return make_registration(unassigned_person, center_staff)


@pytest.fixture
def emergency_event(person, center_staff):
    return make_event(
        person,
        center_staff,
        ended_at=datetime(2024, 6, 4, 10, 0, tzinfo=dates.TOKYO),
    )


@pytest.fixture
def unassigned_emergency_event(unassigned_person, center_staff):
    return make_event(unassigned_person, center_staff)
