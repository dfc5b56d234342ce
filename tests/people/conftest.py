"""Helpers for the people tests: the form a user posts, and master-data items."""

from datetime import datetime

import pytest

from tsunagu.consultations.services import consultation_record
from tsunagu.core.dates import TOKYO
from tsunagu.core.models import ListItem, ListKind


@pytest.fixture
def disability(region):
    """Disability types of the region by code: disability("mental")."""

    def get(code: str) -> ListItem:
        return ListItem.objects.get(region=region, kind=ListKind.DISABILITY_TYPE, code=code)

    return get


@pytest.fixture
def person_form_data(region):
    """What a user types into the registration form (override any field)."""

    def make(**overrides) -> dict:
        data = {
            "family_name": "佐藤",
            "given_name": "花子",
            "family_name_kana": "サトウ",
            "given_name_kana": "ハナコ",
            "birth_date": "1990/5/6",
            "gender": "",
            "postal_code": "",
            "municipality": "",
            "address": "",
            "phone": "",
            "email": "",
            "contact_note": "",
            "primary_disability": "",
            "support_category": "",
            "intractable_disease": "",
        }
        data.update(overrides)
        return {k: v for k, v in data.items() if v is not None}

    return make


@pytest.fixture
def record_consultation(region):
    """Record a consultation about ``person`` the way the consultations app does."""
    method = ListItem.objects.get(region=region, kind=ListKind.CONTACT_METHOD, code="phone")
    caller = ListItem.objects.get(region=region, kind=ListKind.CALLER_TYPE, code="self")
    topic = ListItem.objects.filter(region=region, kind=ListKind.SUPPORT_TOPIC).first()

    def record(person, *, day: int = 1, staff=None):
        return consultation_record(
            actor="test",
            region=region,
            occurred_at=datetime(2022, 4, 1, 10, 0, tzinfo=TOKYO).replace(day=day),
            method=method,
            caller_type=caller,
            topics=[topic],
            person=person,
            staff=staff,
            record="テスト記録",
        )

    return record
