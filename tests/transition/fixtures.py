"""Fixtures for 地域移行・地域定着 (registered in tests/conftest.py, shared with the access
matrix). Dates fixed in the past (令和6年度)."""

from datetime import date, datetime, time

import pytest

from tsunagu.core.dates import TOKYO
from tsunagu.transition import services


def make_stay(person, staff, organization):
    return services.stay_create(
        actor="test",
        person=person,
        kind="hospital",
        place="さんぶ病院",
        since=date(2023, 6, 1),
        admission_type="medical_protection",
        staff=staff,
        organization=organization,
    )


def make_settlement(person, staff, organization):
    support = services.settlement_create(
        actor="test", person=person, starts_on=date(2024, 10, 1), staff=staff,
        organization=organization,
    )  # fmt: skip
    services.contact_add(actor="test", support=support, name="兄", phone="0475-00-0002")
    services.response_record(
        actor="test",
        support=support,
        occurred_at=datetime.combine(date(2024, 11, 3), time(22, 0), TOKYO),
        method="phone",
        content="夜間に不安の電話",
        staff=staff,
    )
    return support


@pytest.fixture
def institution_stay(person, center_staff, center_org):
    return make_stay(person, center_staff, center_org)


@pytest.fixture
def settlement_support(person, center_staff, center_org):
    return make_settlement(person, center_staff, center_org)
