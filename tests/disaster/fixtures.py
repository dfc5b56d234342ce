"""Fixtures for the disaster tests (registered in tests/conftest.py)."""

from datetime import date

import pytest

from tsunagu.core.models import OrganizationKind
from tsunagu.core.services import organization_upsert
from tsunagu.disaster.models import Acceptance, Damage, OpenStatus, SafetyCheck
from tsunagu.disaster.services import (
    activation_end,
    activation_start,
    registration_save,
    status_report_save,
)
from tsunagu.people.services import person_create


@pytest.fixture
def disaster_registration(region, person):
    """``person`` (assigned to the center and the provider) on the disaster list."""
    return registration_save(
        actor="test", region=region, person=person, consent_on=date(2025, 4, 1),
        living_alone=True, power_dependent=True,
    )


@pytest.fixture
def disaster_active(region, disaster_registration, unassigned_person):
    """Disaster mode on in 山武, with checks for ``person`` and ``unassigned_person``."""
    registration_save(actor="test", region=region, person=unassigned_person,
                      consent_on=date(2025, 5, 1), family_nearby=True)
    return activation_start(actor="test", region=region, title="テスト地震（震度6弱）")


@pytest.fixture
def disaster_check(disaster_active, person):
    return SafetyCheck.objects.get(activation=disaster_active, person=person)


@pytest.fixture
def disaster_unassigned_check(disaster_active, unassigned_person):
    return SafetyCheck.objects.get(activation=disaster_active, person=unassigned_person)


@pytest.fixture
def disaster_report(disaster_active, center_org):
    return status_report_save(
        actor="test", activation=disaster_active, organization=center_org,
        damage=Damage.MINOR, open_status=OpenStatus.PARTIAL, acceptance=Acceptance.LIMITED,
        supplies_needed="飲料水", reachable_by=["phone", "fax"],
    )


@pytest.fixture
def disaster_past(region, person):
    """An activation that has ended (its summary stays)."""
    registration_save(actor="test", region=region, person=person, consent_on=date(2025, 4, 1))
    activation = activation_start(actor="test", region=region, title="過去の台風（停電）")
    return activation_end(actor="test", activation=activation)


@pytest.fixture
def other_disaster_check(other_region):
    """A safety check in another region (disaster mode on there)."""
    someone = person_create(
        actor="test", region=other_region, family_name="他", given_name="圏域",
        family_name_kana="タ", given_name_kana="ケンイキ", is_fictional=True,
    )
    registration_save(actor="test", region=other_region, person=someone,
                      consent_on=date(2025, 4, 1))
    activation = activation_start(actor="test", region=other_region, title="よその地震")
    return SafetyCheck.objects.get(activation=activation)


@pytest.fixture
def member_org(region):
    return organization_upsert(
        actor="test", region=region, name="ホッとステーション さんぶ商店",
        kind=OrganizationKind.NETWORK_MEMBER,
    )
