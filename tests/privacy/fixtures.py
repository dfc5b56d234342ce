"""Fixtures for the privacy tests (registered in tests/conftest.py): a person of another
region, and a 開示請求 in each region."""

from datetime import date

import pytest

from tsunagu.people.services import person_create
from tsunagu.privacy.models import Requester, RequestKind
from tsunagu.privacy.services import data_request_create


@pytest.fixture
def other_person(other_region):
    return person_create(
        actor="test",
        region=other_region,
        family_name="他所",
        given_name="一郎",
        family_name_kana="ヨソ",
        given_name_kana="イチロウ",
        is_fictional=True,
    )


@pytest.fixture
def disclosure_request(person, center_staff):
    return data_request_create(
        actor=center_staff,
        person=person,
        kind=RequestKind.DISCLOSURE,
        requested_on=date(2026, 11, 2),
        requester=Requester.SELF,
        reason="本人が窓口で請求。運転免許証で確認。",
    )


@pytest.fixture
def other_disclosure_request(other_person, outsider):
    return data_request_create(
        actor=outsider,
        person=other_person,
        kind=RequestKind.DISCLOSURE,
        requested_on=date(2026, 11, 2),
        requester=Requester.SELF,
        reason="よその請求",
    )
