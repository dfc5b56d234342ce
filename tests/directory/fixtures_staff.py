"""Fixtures for the directory (staff): an entry of a member organization, a proposed change.

The ``member`` persona belongs to no organization; ``staff_member_org`` makes it a member of
特定非営利活動法人リンク, which may propose changes to the entry ``staff_service``."""

from datetime import time

import pytest

from tsunagu.accounts.services import user_update
from tsunagu.core.models import OrganizationKind
from tsunagu.core.services import organization_upsert
from tsunagu.directory.hsds.services import service_create
from tsunagu.directory.staff_documents import document_from_forms
from tsunagu.directory.staff_services import (
    change_request_create,
    organization_for_entry,
    organization_member_set,
)
from tsunagu.directory.taxonomy import taxonomy_seed, term_uuid


def service_data(region, **overrides) -> dict:
    """What the staff form would have cleaned, for ``document_from_forms``."""
    from tsunagu.directory.models import TaxonomyTerm

    taxonomy_seed()
    data = {
        "name": "テスト居場所",
        "name_kana": "てすといばしょ",
        "description": "テスト用の居場所。",
        "status": "active",
        "postal_code": "283-0068",
        "municipality": region.municipalities.get(code="12213"),
        "address_1": "東岩崎2-15",
        "address_2": "",
        "latitude": 35.56,
        "longitude": 140.37,
        "phone": "0475-00-0000",
        "phone_2": "",
        "fax": "",
        "email": "",
        "url": "",
        "terms": [TaxonomyTerm.objects.get(pk=term_uuid("svc-ibasho"))],
        "is_hot_station": True,
        "offerings": ["ibasho"],
        "wheelchair": True,
        "parking": False,
        "public_transport": False,
        "assured_date": None,
        "is_published": True,
    }
    data.update(overrides)
    return data


WEEKDAY_ROW = {
    "days": ["MO", "TU", "WE", "TH", "FR"],
    "opens_at": time(10, 0),
    "closes_at": time(16, 0),
    "valid_from": None,
    "valid_to": None,
    "open_on_holidays": False,
    "schedule_id": "",
}


def make_service(region, organization, *, rows=None, **overrides):
    document = document_from_forms(
        {},
        service_data(region, **overrides),
        [WEEKDAY_ROW] if rows is None else rows,
        organization=organization,
    )
    return service_create(
        actor="test", region=region, organization=organization, document=document
    )


@pytest.fixture
def staff_member_org(region, member):
    """特定非営利活動法人リンク, the ``member`` persona's organization."""
    organization = organization_upsert(
        actor="test",
        region=region,
        name="特定非営利活動法人リンク",
        kind=OrganizationKind.NETWORK_MEMBER,
    )
    user_update(
        actor="test",
        user=member,
        role=member.role,
        display_name=member.display_name,
        email=member.email,
        organization=organization,
        municipality=None,
        is_active=True,
    )
    return organization


@pytest.fixture
def staff_resource_org(region, staff_member_org):
    organization = organization_for_entry(
        actor="test", region=region, organization=None, name="ホッとカフェ運営会", kana=""
    )
    return organization_member_set(actor="test", organization=organization, member=staff_member_org)


@pytest.fixture
def staff_service(region, staff_resource_org):
    """A ホッとステーション of the member organization, in 東金市."""
    return make_service(region, staff_resource_org)


@pytest.fixture
def staff_change_request(staff_service, staff_resource_org, member):
    document = dict(staff_service.document, description="変更案の説明。")
    return change_request_create(
        actor=member,
        organization=staff_resource_org,
        service=staff_service,
        document=document,
        note="説明を変えたい",
    )
